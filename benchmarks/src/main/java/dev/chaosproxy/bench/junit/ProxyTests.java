package dev.chaosproxy.bench.junit;

import dev.chaosproxy.ProxyControl;
import org.junit.jupiter.api.Test;

/**
 * The hundred trivial tests that take the proxy {@code db}, declared by each subclass's
 * {@code @ChaosProxy}. Written out, not a template, so that each is a plain {@code @Test}; {@code
 * JUnitOverheadScenario} runs the subclasses through the JUnit Platform Launcher.
 */
abstract class ProxyTests {
  @Test
  void t001(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t002(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t003(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t004(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t005(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t006(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t007(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t008(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t009(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t010(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t011(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t012(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t013(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t014(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t015(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t016(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t017(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t018(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t019(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t020(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t021(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t022(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t023(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t024(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t025(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t026(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t027(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t028(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t029(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t030(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t031(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t032(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t033(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t034(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t035(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t036(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t037(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t038(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t039(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t040(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t041(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t042(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t043(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t044(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t045(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t046(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t047(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t048(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t049(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t050(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t051(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t052(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t053(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t054(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t055(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t056(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t057(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t058(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t059(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t060(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t061(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t062(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t063(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t064(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t065(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t066(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t067(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t068(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t069(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t070(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t071(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t072(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t073(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t074(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t075(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t076(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t077(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t078(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t079(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t080(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t081(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t082(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t083(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t084(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t085(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t086(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t087(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t088(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t089(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t090(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t091(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t092(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t093(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t094(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t095(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t096(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t097(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t098(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t099(ProxyControl db) {
    Work.check(db.port());
  }

  @Test
  void t100(ProxyControl db) {
    Work.check(db.port());
  }
}
