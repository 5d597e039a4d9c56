package dev.rewind.verify;

import java.time.Duration;

/** @param status the HTTP status seen, 0 when no response came */
public record SmokeTestResult(String name, boolean passed, int status, Duration duration, String detail) {
}
