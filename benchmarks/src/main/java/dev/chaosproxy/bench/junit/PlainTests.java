package dev.chaosproxy.bench.junit;

import org.junit.jupiter.api.Test;

/**
 * The hundred trivial tests without the extension: the baseline. Written out, not a template, so
 * that each is a plain {@code @Test}; {@code JUnitOverheadScenario} runs them through the JUnit
 * Platform Launcher.
 */
public class PlainTests {
  @Test
  void t001() {
    Work.check(1);
  }

  @Test
  void t002() {
    Work.check(1);
  }

  @Test
  void t003() {
    Work.check(1);
  }

  @Test
  void t004() {
    Work.check(1);
  }

  @Test
  void t005() {
    Work.check(1);
  }

  @Test
  void t006() {
    Work.check(1);
  }

  @Test
  void t007() {
    Work.check(1);
  }

  @Test
  void t008() {
    Work.check(1);
  }

  @Test
  void t009() {
    Work.check(1);
  }

  @Test
  void t010() {
    Work.check(1);
  }

  @Test
  void t011() {
    Work.check(1);
  }

  @Test
  void t012() {
    Work.check(1);
  }

  @Test
  void t013() {
    Work.check(1);
  }

  @Test
  void t014() {
    Work.check(1);
  }

  @Test
  void t015() {
    Work.check(1);
  }

  @Test
  void t016() {
    Work.check(1);
  }

  @Test
  void t017() {
    Work.check(1);
  }

  @Test
  void t018() {
    Work.check(1);
  }

  @Test
  void t019() {
    Work.check(1);
  }

  @Test
  void t020() {
    Work.check(1);
  }

  @Test
  void t021() {
    Work.check(1);
  }

  @Test
  void t022() {
    Work.check(1);
  }

  @Test
  void t023() {
    Work.check(1);
  }

  @Test
  void t024() {
    Work.check(1);
  }

  @Test
  void t025() {
    Work.check(1);
  }

  @Test
  void t026() {
    Work.check(1);
  }

  @Test
  void t027() {
    Work.check(1);
  }

  @Test
  void t028() {
    Work.check(1);
  }

  @Test
  void t029() {
    Work.check(1);
  }

  @Test
  void t030() {
    Work.check(1);
  }

  @Test
  void t031() {
    Work.check(1);
  }

  @Test
  void t032() {
    Work.check(1);
  }

  @Test
  void t033() {
    Work.check(1);
  }

  @Test
  void t034() {
    Work.check(1);
  }

  @Test
  void t035() {
    Work.check(1);
  }

  @Test
  void t036() {
    Work.check(1);
  }

  @Test
  void t037() {
    Work.check(1);
  }

  @Test
  void t038() {
    Work.check(1);
  }

  @Test
  void t039() {
    Work.check(1);
  }

  @Test
  void t040() {
    Work.check(1);
  }

  @Test
  void t041() {
    Work.check(1);
  }

  @Test
  void t042() {
    Work.check(1);
  }

  @Test
  void t043() {
    Work.check(1);
  }

  @Test
  void t044() {
    Work.check(1);
  }

  @Test
  void t045() {
    Work.check(1);
  }

  @Test
  void t046() {
    Work.check(1);
  }

  @Test
  void t047() {
    Work.check(1);
  }

  @Test
  void t048() {
    Work.check(1);
  }

  @Test
  void t049() {
    Work.check(1);
  }

  @Test
  void t050() {
    Work.check(1);
  }

  @Test
  void t051() {
    Work.check(1);
  }

  @Test
  void t052() {
    Work.check(1);
  }

  @Test
  void t053() {
    Work.check(1);
  }

  @Test
  void t054() {
    Work.check(1);
  }

  @Test
  void t055() {
    Work.check(1);
  }

  @Test
  void t056() {
    Work.check(1);
  }

  @Test
  void t057() {
    Work.check(1);
  }

  @Test
  void t058() {
    Work.check(1);
  }

  @Test
  void t059() {
    Work.check(1);
  }

  @Test
  void t060() {
    Work.check(1);
  }

  @Test
  void t061() {
    Work.check(1);
  }

  @Test
  void t062() {
    Work.check(1);
  }

  @Test
  void t063() {
    Work.check(1);
  }

  @Test
  void t064() {
    Work.check(1);
  }

  @Test
  void t065() {
    Work.check(1);
  }

  @Test
  void t066() {
    Work.check(1);
  }

  @Test
  void t067() {
    Work.check(1);
  }

  @Test
  void t068() {
    Work.check(1);
  }

  @Test
  void t069() {
    Work.check(1);
  }

  @Test
  void t070() {
    Work.check(1);
  }

  @Test
  void t071() {
    Work.check(1);
  }

  @Test
  void t072() {
    Work.check(1);
  }

  @Test
  void t073() {
    Work.check(1);
  }

  @Test
  void t074() {
    Work.check(1);
  }

  @Test
  void t075() {
    Work.check(1);
  }

  @Test
  void t076() {
    Work.check(1);
  }

  @Test
  void t077() {
    Work.check(1);
  }

  @Test
  void t078() {
    Work.check(1);
  }

  @Test
  void t079() {
    Work.check(1);
  }

  @Test
  void t080() {
    Work.check(1);
  }

  @Test
  void t081() {
    Work.check(1);
  }

  @Test
  void t082() {
    Work.check(1);
  }

  @Test
  void t083() {
    Work.check(1);
  }

  @Test
  void t084() {
    Work.check(1);
  }

  @Test
  void t085() {
    Work.check(1);
  }

  @Test
  void t086() {
    Work.check(1);
  }

  @Test
  void t087() {
    Work.check(1);
  }

  @Test
  void t088() {
    Work.check(1);
  }

  @Test
  void t089() {
    Work.check(1);
  }

  @Test
  void t090() {
    Work.check(1);
  }

  @Test
  void t091() {
    Work.check(1);
  }

  @Test
  void t092() {
    Work.check(1);
  }

  @Test
  void t093() {
    Work.check(1);
  }

  @Test
  void t094() {
    Work.check(1);
  }

  @Test
  void t095() {
    Work.check(1);
  }

  @Test
  void t096() {
    Work.check(1);
  }

  @Test
  void t097() {
    Work.check(1);
  }

  @Test
  void t098() {
    Work.check(1);
  }

  @Test
  void t099() {
    Work.check(1);
  }

  @Test
  void t100() {
    Work.check(1);
  }
}
