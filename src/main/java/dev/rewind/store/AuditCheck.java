package dev.rewind.store;

/**
 * What {@link AuditTrail#verify()} found.
 *
 * @param firstBrokenId the first row whose hash or link does not match, null when intact
 */
public record AuditCheck(boolean intact, int rowsChecked, Long firstBrokenId, String problem) {
}
