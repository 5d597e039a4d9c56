package dev.rewind.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.store.AuditKey;
import dev.rewind.store.Fence;
import dev.rewind.store.LeaseLostException;
import dev.rewind.store.Leases;
import dev.rewind.store.RewindStore;
import dev.rewind.store.StoreLocation;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ownership on a manual clock: leases of services and rollbacks acquired, renewed by each cycle, lost once they ran
 * out and another replica took them, with a fencing token that grows at every change of hands. SQLite store; the
 * lease rules are the same on PostgreSQL (LeasesTest runs both).
 */
class OwnershipTest {
    private static final Instant T0 = Instant.parse("2026-12-02T06:00:00Z");
    private static final AuditKey KEY = AuditKey.of("0123456789abcdef0123456789abcdef".getBytes());
    private static final Ownership.Timing TIMING = new Ownership.Timing(Duration.ofSeconds(15), Duration.ofSeconds(10));
    private static final String SHOP = Ownership.releaseKey("shop", "production");
    private static final String CART = Ownership.releaseKey("cart", "production");

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(T0);
    private RewindStore store;
    private Leases leases;

    @BeforeEach
    void open() {
        store = RewindStore.open(new StoreLocation.Sqlite(dir.resolve("rewind.db")), KEY, Clock.systemUTC());
        leases = store.leases(time.clock());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Ownership replica(String id) {
        return Ownership.shared(leases, id, TIMING, time, "http://" + id + ":8080");
    }

    @Test
    void aLoneReplicaAcquiresEveryServiceWithTokenOne() {
        Ownership a = replica("a");
        assertThat(a.owns("shop", "production")).as("before its first cycle").isFalse();
        assertThat(a.due()).isTrue();

        Ownership.Changes changes = a.cycle(List.of(SHOP, CART), k -> false);

        assertThat(changes.gained()).containsExactlyInAnyOrder(SHOP, CART);
        assertThat(a.owns("shop", "production")).isTrue();
        assertThat(a.services()).containsExactly("cart/production", "shop/production");
        assertThat(leases.find(SHOP)).get().satisfies(l -> {
            assertThat(l.owner()).isEqualTo("a");
            assertThat(l.token()).isEqualTo(1);
            assertThat(l.expiresAt()).isEqualTo(T0.plusSeconds(15));
        });
        assertThat(a.due()).as("the next cycle is a renewal period away").isFalse();
    }

    @Test
    void eachCycleRenewsTheLeasesWithoutChangingTheirToken() {
        Ownership a = replica("a");
        a.cycle(List.of(SHOP), k -> false);

        time.advance(Duration.ofSeconds(10));
        assertThat(a.due()).isTrue();
        Ownership.Changes changes = a.cycle(List.of(SHOP), k -> false);

        assertThat(changes.gained()).isEmpty();
        assertThat(changes.lost()).isEmpty();
        assertThat(leases.find(SHOP)).get().satisfies(l -> {
            assertThat(l.expiresAt()).as("15 s from the renewal").isEqualTo(T0.plusSeconds(25));
            assertThat(l.token()).isEqualTo(1);
        });

        // past the first expiry (T0 + 15 s), the renewed lease still holds another replica off
        time.advance(Duration.ofSeconds(10));
        Ownership b = replica("b");
        assertThat(b.cycle(List.of(SHOP), k -> false).gained()).isEmpty();
        assertThat(b.owns("shop", "production")).isFalse();
        assertThat(a.owns("shop", "production")).isTrue();
    }

    @Test
    void aReplicaThatStopsRenewingLosesItsServicesToAnotherWithAGreaterToken() {
        Ownership a = replica("a");
        a.cycle(List.of(SHOP), k -> false);

        time.advance(Duration.ofSeconds(16)); // a missed its renewal; its lease and heartbeat ran out
        Ownership b = replica("b");
        Ownership.Changes taken = b.cycle(List.of(SHOP), k -> false);

        assertThat(taken.gained()).containsExactly(SHOP);
        assertThat(leases.find(SHOP)).get().satisfies(l -> {
            assertThat(l.owner()).isEqualTo("b");
            assertThat(l.token()).isEqualTo(2);
        });

        Ownership.Changes lost = a.cycle(List.of(SHOP), k -> false);
        assertThat(lost.lost()).containsExactly(SHOP);
        assertThat(a.owns("shop", "production")).isFalse();
        assertThat(b.owns("shop", "production")).isTrue();
    }

    @Test
    void aLeaseThatRanOutButWasNotTakenIsStillTheHolders() {
        Ownership a = replica("a");
        a.cycle(List.of(SHOP), k -> false);

        time.advance(Duration.ofSeconds(30));
        Ownership.Changes changes = a.cycle(List.of(SHOP), k -> false);

        assertThat(changes.lost()).isEmpty();
        assertThat(a.owns("shop", "production")).isTrue();
        assertThat(leases.find(SHOP)).get().extracting(Leases.Lease::token).isEqualTo(1L);
    }

    @Test
    void aRollbackFenceFailsOnceAnotherReplicaTookTheLeaseWithAGreaterToken() {
        Ownership a = replica("a");
        assertThat(a.claim("rb-1")).get().extracting(Leases.Taken::token).isEqualTo(1L);
        Fence fenceA = a.fence("rb-1");
        fenceA.check(); // a holds it

        Ownership b = replica("b");
        assertThat(b.claim("rb-1")).as("held by a, not expired").isEmpty();
        assertThat(b.fence("rb-1")).isNull();

        time.advance(Duration.ofSeconds(16));
        Leases.Taken taken = b.claim("rb-1").orElseThrow();
        assertThat(taken.token()).isEqualTo(2);
        assertThat(taken.previousOwner()).isEqualTo("a");
        b.fence("rb-1").check();

        assertThatThrownBy(fenceA::check).isInstanceOf(LeaseLostException.class).hasMessageContaining("b holds it with token 2");
        Ownership.Changes changes = a.cycle(List.of(), k -> false);
        assertThat(changes.lostRollbacks()).containsExactly("rb-1");
        assertThat(a.fence("rb-1")).as("a no longer holds it").isNull();
    }

    @Test
    void aReleasedRollbackLeaseIsTakenAtOnceWithTheNextToken() {
        Ownership a = replica("a");
        a.claim("rb-2").orElseThrow();
        a.release("rb-2");

        Ownership b = replica("b");
        assertThat(b.claim("rb-2")).as("given back, so no need to wait for it to run out").get()
                .extracting(Leases.Taken::token).isEqualTo(2L);
    }

    @Test
    void twoLiveReplicasSplitTheServicesAndAnOverfullOneGivesBackAnIdleOne() {
        Ownership a = replica("a");
        List<String> services = List.of(SHOP, CART);
        a.cycle(services, k -> false);
        assertThat(a.services()).hasSize(2);

        Ownership b = replica("b");
        b.cycle(services, k -> false); // b is alive now, but everything is a's
        assertThat(b.services()).isEmpty();

        time.advance(Duration.ofSeconds(10));
        Ownership.Changes gaveBack = a.cycle(services, k -> k.equals(SHOP)); // shop is busy: never given back
        assertThat(gaveBack.lost()).containsExactly(CART);
        b.cycle(services, k -> false);

        assertThat(a.services()).containsExactly("shop/production");
        assertThat(b.services()).containsExactly("cart/production");
        assertThat(leases.find(CART)).get().extracting(Leases.Lease::token).isEqualTo(2L);
    }

    @Test
    void aSingleProcessOwnsEveryServiceWithoutLeasingThem() {
        Ownership single = Ownership.single(leases, "local-1", TIMING, time);

        assertThat(single.owns("anything", "anywhere")).isTrue();
        assertThat(single.cycle(List.of(SHOP), k -> false).gained()).isEmpty();
        assertThat(leases.find(SHOP)).isEmpty();
        assertThat(single.claim("rb-3")).get().extracting(Leases.Taken::token).isEqualTo(1L);
    }

    @Test
    void timingRefusesARenewalThatIsNotShorterThanTheLease() {
        assertThatThrownBy(() -> new Ownership.Timing(Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("renewed before they run out");
    }
}
