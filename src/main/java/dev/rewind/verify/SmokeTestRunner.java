package dev.rewind.verify;

import dev.rewind.model.SmokeTest;
import java.util.List;

/** Runs the smoke tests that prove key user journeys work after a rollback (seed 002 stage 6). */
public interface SmokeTestRunner {

    List<SmokeTestResult> run(List<SmokeTest> tests);
}
