package dev.rewind.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.config.ConfigLoader;
import dev.rewind.controller.Fault;
import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetSettings;
import dev.rewind.controller.ShopFleet;
import dev.rewind.store.ApiTokens.Role;
import dev.rewind.store.AuditKey;
import dev.rewind.store.RewindStore;
import dev.rewind.store.StoreLocation;
import dev.rewind.testing.RealPostgres;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Server mode on a real PostgreSQL 15 (a private cluster on loopback, RealPostgres), reached through a
 * jdbc:postgresql URL as a team would configure it: a release registered through the API breaks, is rolled back,
 * and is read back through the API; the rows are in PostgreSQL, and the audit trail verifies.
 */
class PostgresServerTest {
    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-02-24T09:00:00Z"));
    private String url;
    private RewindStore store;
    private ShopFleet shop;
    private Fleet fleet;
    private RewindServer server;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        url = RealPostgres.get().newDatabase();
        store = RewindStore.open(new StoreLocation.Postgres(url, null, null), AuditKey.of("0123456789abcdef0123456789abcdef".getBytes()), time.clock());
        shop = new ShopFleet(store, time, Fault.ERROR_SPIKE, ConfigLoader.defaults().policy());
        fleet = new Fleet(store, time, shop.environments(), FleetSettings.defaults(dir.resolve("out")), Runnable::run, Runnable::run, null);
        server = new RewindServer(fleet, time.clock(), new EventHub(time.clock()), 64 * 1024, List.of()).start("127.0.0.1", 0);
        api = new ApiClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void aReleaseRegisteredThroughTheApiOnPostgresqlIsRolledBackAndReadBackThroughTheApi() throws Exception {
        assertThat(store.display()).startsWith("jdbc:postgresql://");
        String operator = store.tokens().create("olga", Role.OPERATOR, "test", time.now()).secret();
        String admin = store.tokens().create("ada", Role.ADMIN, "test", time.now()).secret();
        shop.ship();

        ApiClient.Answer reg = api.call("POST", "/api/v1/releases", """
                {"environment": "production", "version": "2.4.0", "changes": [{"kind": "commit", "id": "f0a1b2c", "summary": "New error handling"}]}""",
                operator);
        assertThat(reg.status()).as(reg.raw()).isEqualTo(201);
        for (int i = 0; i < 60; i++) {
            time.advance(Duration.ofSeconds(10));
            fleet.tick();
        }

        JsonNode rollbacks = api.call("GET", "/api/v1/rollbacks", null, operator).body().path("rollbacks");
        assertThat(rollbacks.size()).isEqualTo(1);
        assertThat(rollbacks.get(0).path("status").asString()).isEqualTo("success");
        assertThat(rollbacks.get(0).path("from").asString() + " -> " + rollbacks.get(0).path("to").asString()).isEqualTo("2.4.0 -> 2.3.1");
        String id = rollbacks.get(0).path("id").asString();
        JsonNode one = api.call("GET", "/api/v1/rollbacks/" + id, null, operator).body();
        assertThat(one.path("journal").toString()).contains("TRAFFIC_SWITCHED", "traffic switched 2.4.0 → 2.3.1");
        JsonNode releases = api.call("GET", "/api/v1/releases", null, operator).body().path("releases");
        assertThat(releases.toString()).contains("\"version\":\"2.4.0\"", "\"status\":\"rolled_back\"");
        assertThat(api.call("GET", "/api/v1/audit", null, operator).body().toString()).contains("olga", "release.registered", "rollback.finished");
        assertThat(api.call("GET", "/api/v1/audit/verify", null, admin).body().path("intact").booleanValue()).isTrue();

        // the rows are PostgreSQL's, not a file beside the test
        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery(
                "SELECT status FROM rollbacks WHERE id = '" + id + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("success");
        }
        assertThat(dir.resolve("rewind.db")).doesNotExist();
    }
}
