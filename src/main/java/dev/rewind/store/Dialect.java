package dev.rewind.store;

/** The few places where SQLite and PostgreSQL differ for the store. */
enum Dialect {
    SQLITE("rowid"),
    POSTGRESQL("row_id");

    private final String insertionOrder;

    Dialect(String insertionOrder) {
        this.insertionOrder = insertionOrder;
    }

    /** The column that orders rows as they were inserted, to break ties between equal times. */
    String insertionOrder() {
        return insertionOrder;
    }

    /** Flyway's folder of migrations for this engine. */
    String migrations() {
        return "classpath:db/migration/" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
