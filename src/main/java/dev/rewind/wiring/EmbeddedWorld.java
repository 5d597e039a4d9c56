package dev.rewind.wiring;

import dev.rewind.act.Deployer;
import dev.rewind.act.FlagSwitch;
import dev.rewind.act.TrafficRouter;
import dev.rewind.observe.MetricSource;
import dev.rewind.verify.HealthProbe;

/**
 * The parts of an embedded world that config {@code type: demo} names. The demo package implements it; the
 * wiring only knows this shape, so the arrows point down (wiring never imports demo).
 */
public interface EmbeddedWorld {

    MetricSource metrics();

    TrafficRouter router();

    Deployer supervisor();

    FlagSwitch flags();

    HealthProbe healthProbe();
}
