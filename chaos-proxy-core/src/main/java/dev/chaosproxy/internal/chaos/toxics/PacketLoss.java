package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.internal.relay.PacketLossEffect;

/**
 * {@code packet_loss}: Toxiproxy's wire name and attributes ({@code loss_rate}, default 0.1, and
 * {@code correlation}, the extra chance of a loss right after one: burst loss, a simplified
 * Gilbert-Elliott model). A lost chunk is held for {@code retransmit} ms, doubled for each loss in
 * a row (TCP's retransmission back-off), so no byte is lost; {@code mode=drop} drops it instead.
 */
public final class PacketLoss extends ToxicDescriptor {
  public static final String RETRANSMIT = "retransmit";
  public static final String DROP = "drop";
  public static final Attr LOSS_RATE = Attr.probability("loss_rate").defaultsTo(0.1);
  public static final Attr CORRELATION = Attr.probability("correlation");

  /** The first retransmission timeout: Linux's minimum RTO. */
  public static final Attr TIMEOUT = Attr.milliseconds("retransmit_timeout").defaultsTo(200L);

  public static final Attr MODE = Attr.choice("mode", RETRANSMIT, DROP);

  public PacketLoss() {
    super(ToxicType.PACKET_LOSS, PacketLossEffect::new, LOSS_RATE, CORRELATION, TIMEOUT, MODE);
  }

  /** Whether {@code toxic} drops lost chunks rather than retransmit them. */
  public static boolean drops(Toxic toxic) {
    return DROP.equals(MODE.string(toxic));
  }
}
