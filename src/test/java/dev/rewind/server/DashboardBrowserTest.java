package dev.rewind.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.controller.ApprovalShops;
import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetSettings;
import dev.rewind.store.ApiTokens.Role;
import dev.rewind.testing.RealServers;
import dev.rewind.time.ManualTimeSource;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium (Debian's chromium and chromium-driver) against a real server on loopback with a
 * temporary SQLite store, in front of two simulated shops on a manual clock. Releases are registered through the API;
 * a person signs in with a token, watches both rollbacks arrive through the event stream with no reload, approves
 * one and aborts the other from the page, and reads the charts. One shop's service name and a change's summary carry
 * markup, which must show as text. Screenshots go to target/screenshots/ for people to look at.
 */
class DashboardBrowserTest {
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final String EVIL_SERVICE = "cart<img src=x onerror=alert(1)>";
    private static final String EVIL_SUMMARY = "<script>window.__pwned = 1</script> new checkout";

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-02-24T09:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private ApprovalShops shops;
    private Fleet fleet;
    private RewindServer server;
    private WebDriver browser;
    private String operator;
    private String viewer;

    @BeforeEach
    void start() {
        Path chromium = RealServers.requireBinary("chromium", "chromium");
        Path driver = RealServers.requireBinary("chromedriver", "chromium-driver");
        Map<String, String> services = new LinkedHashMap<>();
        services.put("production", "shop");
        services.put("eu-production", EVIL_SERVICE);
        shops = new ApprovalShops(dir, time, services);
        EventHub events = new EventHub(time.clock());
        fleet = new Fleet(shops.store, time, shops.environments(), FleetSettings.defaults(dir.resolve("out")), Runnable::run, Runnable::run, events);
        server = new RewindServer(fleet, time.clock(), events, 64 * 1024, List.of()).start("127.0.0.1", 0);
        operator = shops.store.tokens().create("olga", Role.OPERATOR, "test", time.now()).secret();
        viewer = shops.store.tokens().create("vic", Role.VIEWER, "test", time.now()).secret();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,1100",
                "--force-device-scale-factor=1", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log")).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    @Test
    void anOperatorSeesRollbacksArriveLiveApprovesOneAbortsTheOtherAndReadsTheCharts() throws Exception {
        browser.get(base() + "/");
        signIn(operator);
        waitFor("the event stream to be live", d -> "live".equals(body().getAttribute("data-stream")) ? true : null,
                () -> "data-stream=" + body().getAttribute("data-stream"));
        assertThat(browser.findElements(By.cssSelector("article.rb"))).as("nothing is waiting yet").isEmpty();

        shops.ship();
        register("production");
        register("eu-production");
        for (int i = 0; i < 60; i++) { // ten minutes of checks: the error-rate spike prepares both rollbacks
            time.advance(Duration.ofSeconds(10));
            fleet.tick();
        }
        assertThat(fleet.live().values()).as("both rollbacks wait for a person").containsExactly("awaiting_approval", "awaiting_approval");

        // no reload since signing in: only the event stream can have brought them
        waitFor("two rollbacks awaiting approval on the page", d -> cards("awaiting_approval").size() == 2 ? true : null,
                () -> "cards: " + browser.findElements(By.cssSelector("article.rb")).size() + ", last event: " + body().getAttribute("data-last-event"));
        waitFor("two open incidents", d -> browser.findElements(By.cssSelector("#incidents article.incident")).size() == 2 ? true : null,
                () -> $("#incidents").getText());
        List<String> buttons = fresh(d -> card("shop").findElements(By.cssSelector("button[data-action]")).stream().map(WebElement::getText).toList());
        assertThat(buttons).containsExactly("Approve", "Deny", "Abort");
        assertThat(cardText("shop")).contains("Waiting for a decision", "expires in", "2.4.0", "2.3.1");
        shot("approval-required");

        // markup from the API is text: the service name and the change summary show as typed, nothing runs or loads
        assertThat(cardText(EVIL_SERVICE)).contains(EVIL_SERVICE);
        assertThat(browser.findElements(By.cssSelector("main img"))).as("no <img> was made from API text").isEmpty();
        assertThat(browser.findElements(By.tagName("script"))).as("only the page's own two scripts").hasSize(2);
        assertThat(((JavascriptExecutor) browser).executeScript("return typeof window.__pwned")).isEqualTo("undefined");

        // a viewer sees the same rollbacks and no button to act on them
        signOut();
        signIn(viewer);
        waitFor("the viewer's read-only cards", d -> d.findElements(By.cssSelector("article.rb .actions.readonly")).size() == 2 ? true : null,
                () -> $("#live-rollbacks").getText());
        assertThat(browser.findElements(By.cssSelector("article.rb button[data-action]"))).isEmpty();
        assertThat(cardText("shop")).contains("Read-only");
        shot("viewer-read-only");
        signOut();
        signIn(operator);
        waitFor("the operator's buttons", d -> browser.findElements(By.cssSelector("article.rb button[data-action=approve]")).size() == 2 ? true : null,
                () -> $("#live-rollbacks").getText());

        String shopId = cardId("shop");
        String evilId = cardId(EVIL_SERVICE);
        act(shopId, "approve", "checkout errors confirmed");
        waitFor("the approved rollback to end in success in the history", d -> historyStatus(shopId).equals("success") ? true : null,
                () -> "history status of " + shopId + ": " + historyStatus(shopId));
        act(evilId, "abort", "a fix goes out in five minutes");
        waitFor("the aborted rollback to leave the live list", d -> cards("awaiting_approval").isEmpty() && historyStatus(evilId).equals("aborted") ? true : null,
                () -> "live: " + $("#live-rollbacks").getText() + "; history status of " + evilId + ": " + historyStatus(evilId));
        assertThat(shops.percent("production", "2.3.1")).as("the approved one rolled back").isEqualTo(100);
        assertThat(shops.percent("eu-production", "2.4.0")).as("the aborted one changed nothing").isEqualTo(100);
        assertThat(shops.store.audit().entries()).extracting(e -> e.actor() + " " + e.action())
                .contains("olga rollback.approved", "olga rollback.denied");

        waitFor("the statistics to count the rollback", d -> $("#causes").getText().toLowerCase(java.util.Locale.ROOT).contains("error rate spike") ? true : null, () -> $("#causes").getText());
        assertThat($("#insights").getText()).contains("Error rate spikes: Add more E2E tests for error handling");

        selectRelease("production", "2.4.0");
        // the picker may already show this release, drawn before its rollback ended: wait for the redraw with every marker
        waitFor("charts of shop 2.4.0 with their markers", d -> browser.findElements(By.cssSelector("#charts .chart canvas")).size() >= 3
                && $("#legend").getText().contains("recovered") ? true : null, () -> "charts: " + $("#charts").getText() + " legend: " + $("#legend").getText());
        assertThat($("#legend").getText()).contains("2.4.0 deployed", "detected", "rollback started", "recovered");
        assertThat(browser.findElement(By.cssSelector(".chart[data-metric=error_rate]")).getText()).contains("Error rate", "baseline");
        fullShot("dashboard-full");
        ((JavascriptExecutor) browser).executeScript("document.getElementById('charts').scrollIntoView()");
        shot("release-metrics");
    }

    @Test
    void theTokenNeverReachesAUrlAndTheDashboardSendsAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("content-security-policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval"));
        assertThat(page.body()).doesNotContainPattern("<script>[^<]").doesNotContain("onclick=", "onload=");

        browser.get(base() + "/");
        signIn(operator);
        waitFor("the dashboard", d -> "live".equals(body().getAttribute("data-stream")) ? true : null, () -> body().getAttribute("data-stream"));
        Object urls = ((JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('resource').map(function (e) { return e.name; }).concat([location.href]).join('\\n')");
        assertThat(String.valueOf(urls)).contains("/api/v1/whoami", "/api/v1/rollbacks").doesNotContain(operator);
        assertThat(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('rewind.token')")).isEqualTo(operator);
        assertThat(((JavascriptExecutor) browser).executeScript("return localStorage.length")).isEqualTo(0L);

        signOut();
        assertThat(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('rewind.token')")).isNull();
        $("#token-input").sendKeys("rwd_not-a-real-token-at-all-000000000000000000000");
        $("#sign-in-button").click();
        waitFor("the refusal", d -> $("#sign-in-error").isDisplayed() ? true : null, () -> $("#sign-in-error").getText());
        assertThat($("#sign-in-error").getText()).contains("refused");
    }

    // ---- the page ----

    private void signIn(String token) {
        waitFor("the sign-in form", d -> $("#token-input").isDisplayed() ? true : null, () -> body().getText());
        $("#token-input").sendKeys(token);
        $("#sign-in-button").click();
        waitFor("the dashboard after signing in", d -> $("#dashboard").isDisplayed() && $("#who").getText().length() > 0 ? true : null,
                () -> $("#sign-in-error").getText());
    }

    private void signOut() {
        $("#sign-out").click();
        waitFor("the sign-in form after signing out", d -> $("#token-input").isDisplayed() ? true : null, () -> body().getText());
    }

    /** Clicks the action, types the reason into the confirmation and confirms, as a person would. */
    private void act(String id, String action, String reason) {
        String card = "#live-rollbacks article.rb[data-rollback-id='" + id + "'] ";
        fresh(d -> {
            d.findElement(By.cssSelector(card + "button[data-action=" + action + "]")).click();
            return true;
        });
        waitFor("the " + action + " confirmation", d -> !d.findElements(By.cssSelector(card + ".confirm input")).isEmpty() ? true : null,
                () -> $("#live-rollbacks").getText());
        fresh(d -> {
            WebElement input = d.findElement(By.cssSelector(card + ".confirm input"));
            if (!input.getAttribute("value").equals(reason)) {
                input.clear();
                input.sendKeys(reason);
            }
            return true;
        });
        fresh(d -> {
            d.findElement(By.cssSelector(card + "button[data-confirm=" + action + "]")).click();
            return true;
        });
    }

    private void selectRelease(String environment, String version) {
        waitFor("the release in the picker", d -> !browser.findElements(By.cssSelector("#release-select option")).isEmpty() ? true : null,
                () -> $("#release-select").getText());
        ((JavascriptExecutor) browser).executeScript("var s = document.getElementById('release-select'); s.value = arguments[0];"
                + "s.dispatchEvent(new Event('change'));", environment + "\u0000" + version);
    }

    private List<WebElement> cards(String status) {
        return browser.findElements(By.cssSelector("#live-rollbacks article.rb[data-status=" + status + "]"));
    }

    /** The card of a service's rollback; the page redraws cards on events, so callers read it within {@link #fresh}. */
    private WebElement card(String service) {
        return browser.findElements(By.cssSelector("#live-rollbacks article.rb")).stream()
                .filter(c -> c.findElement(By.cssSelector(".rb-title strong")).getText().equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError("no card for " + service + " in: " + $("#live-rollbacks").getText()));
    }

    private String cardText(String service) {
        return fresh(d -> card(service).getText());
    }

    private String cardId(String service) {
        return fresh(d -> card(service).getAttribute("data-rollback-id"));
    }

    /** Runs a look-up again when an event redrew the part of the page it read (bounded like every wait). */
    private <T> T fresh(java.util.function.Function<WebDriver, T> read) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .withMessage("the page kept redrawing what the test read").until(read::apply);
    }

    private String historyStatus(String id) {
        List<WebElement> rows = browser.findElements(By.cssSelector("#history tr[data-rollback-id='" + id + "']"));
        return rows.isEmpty() ? "(no row)" : rows.getFirst().getAttribute("data-status");
    }

    private WebElement $(String css) {
        return browser.findElement(By.cssSelector(css));
    }

    private WebElement body() {
        return browser.findElement(By.tagName("body"));
    }

    /** An explicit wait with an end, saying what it waited for and what it saw last. */
    private void waitFor(String what, ExpectedCondition<Boolean> condition, java.util.function.Supplier<String> seen) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .withMessage(() -> "waited 20s for " + what).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            String last;
            try {
                last = seen.get();
            } catch (RuntimeException ignored) {
                last = "(nothing readable)";
            }
            shot("timeout-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            throw new AssertionError("waited 20s for " + what + "; last seen: " + last, e);
        }
    }

    /** The whole page, not just the window: the window grows to the page's height for the picture. */
    private void fullShot(String name) {
        org.openqa.selenium.Dimension before = browser.manage().window().getSize();
        Number height = (Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(before.getWidth(), Math.min(6000, height.intValue() + 140)));
        shot(name);
        browser.manage().window().setSize(before);
    }

    private void shot(String name) {
        try {
            Files.createDirectories(SHOTS);
            byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
            Files.write(SHOTS.resolve(name + ".png"), png);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- the API, as a deploy pipeline would call it ----

    private void register(String environment) throws Exception {
        String body = """
                {"environment": "%s", "version": "2.4.0", "changes": [
                  {"kind": "commit", "id": "f0a1b2c", "summary": "%s", "touches": ["checkout", "error"]}]}"""
                .formatted(environment, EVIL_SUMMARY.replace("\"", "\\\""));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/releases"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }
}
