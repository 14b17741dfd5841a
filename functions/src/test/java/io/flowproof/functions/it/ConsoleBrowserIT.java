package io.flowproof.functions.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web console in a real browser: the packaged app (its own data directory, a YAML flows directory, a fixed
 * key), real data sent through the API, and Debian's headless Chromium driven by Playwright for Java (the
 * system browser; Playwright never downloads one here). One test walks every view the way an operator would,
 * asserts what is on screen, and saves a PNG of each view under {@code target/console-screenshots/}.
 *
 * <p>Data: flow {@code checkout} from YAML (an HTTP trigger to a tiny "shop" this test serves on loopback, then
 * {@code payment_authorized -> order_paid (assert, CEL validator) -> receipt_sent}); runs {@code r-ok} (passes)
 * and {@code r-bad} (the validator fails); flow {@code signup} known only from SDK events; two ensure runs
 * started over the API, one that passes (the shop reports the flow's events) and one left waiting (no events)
 * for the browser to cancel. Without Chromium the test is skipped, unless {@code CI} is set: then it fails.
 */
class ConsoleBrowserIT {

    private static final String KEY = "console-it-key";
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("FLOWPROOF_CHROMIUM", "/usr/bin/chromium"));
    private static final Path SHOTS = Path.of(System.getProperty("flowproof.it.logs", "target/it-logs")).toAbsolutePath()
            .getParent().resolve("console-screenshots");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static Apps apps;
    private static AppProcess app;
    private static HttpServer shop;
    private static final AtomicBoolean shopReports = new AtomicBoolean(true);
    private static final AtomicInteger orders = new AtomicInteger();
    private static Playwright playwright;
    private static Browser browser;

    private static final long STARTED = System.nanoTime();

    @BeforeAll
    static void startEverything() throws IOException {
        if (!Files.isExecutable(CHROMIUM)) {
            String message = "No Chromium at " + CHROMIUM + ": install it (apt-get install -y chromium) to run the console's browser test";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(message + " — CI is set, so this is a failure, not a skip");
            }
            Assumptions.abort(message);
        }
        startShop();
        apps = new Apps("console");
        Path dataDir = apps.newDataDir();
        Path flows = Files.createDirectories(dataDir.resolve("flows"));
        Files.writeString(flows.resolve("checkout.yaml"), """
                flow: checkout
                ensure: {timeout_ms: 120000, poll_interval_ms: 1000, retries: {max_attempts: 2, initial_ms: 200}}
                nodes:
                  - id: create_order
                    type: trigger
                    description: Places an order in the shop
                    handler: http_request
                    handler_input:
                      params:
                        url: "http://127.0.0.1:%d/orders"
                        method: POST
                        body: '{"sku":"A1"}'
                        run_id_extractor: {engine: python, script: "output['order_id']"}
                  - id: payment_authorized
                    type: act
                    dep_ids: [create_order]
                    conditions: [{timeout_ms: 60000}]
                  - id: order_paid
                    type: assert
                    dep_ids: [payment_authorized]
                    validator: {engine: cel, script: "data.amount > 0"}
                    conditions: [{timeout_ms: 30000}]
                  - id: receipt_sent
                    type: act
                    dep_ids: [order_paid]
                """.formatted(shop.getAddress().getPort()));
        app = apps.startWith(dataDir, Map.of("FLOWPROOF_API_KEY", KEY, "FLOWPROOF_FLOWS_DIR", flows.toString(),
                "FLOWPROOF_POLL_INTERVAL_MS", "300"));
        phase("app started");
        seed();
        phase("data seeded");
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
        Files.createDirectories(SHOTS);
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
        phase("browser launched");
    }

    private static void phase(String what) {
        System.out.printf("ConsoleBrowserIT: %s after %.1f s%n", what, (System.nanoTime() - STARTED) / 1e9);
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (browser != null) {
                browser.close();
            }
            if (playwright != null) {
                playwright.close();
            }
        } finally {
            if (shop != null) {
                shop.stop(0);
            }
            if (apps != null) {
                apps.close();
            }
        }
    }

    @Test
    void walksEveryViewOfTheConsoleAgainstRealData() {
        BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 900));
        Page page = laptop.newPage();
        List<String> consoleErrors = new ArrayList<>();
        page.onConsoleMessage(message -> {
            if (message.type().equals("error") && !message.text().contains("status of 403")
                    && !message.text().contains("ERR_FAILED")) { // 403: the wrong-key checks; ERR_FAILED: the aborted requests
                consoleErrors.add(message.text());
            }
        });
        page.onPageError(error -> consoleErrors.add(error));

        // the root sends a browser to the console, which asks for the key; a wrong key is refused with a clear message
        page.navigate(app.baseUri().toString());
        assertThat(page).hasURL(Pattern.compile(".*/ui/#?$|.*/ui/#/.*"));
        assertThat(page.locator("form.key-form")).isVisible();
        page.locator("#api-key-input").fill("not-the-key");
        page.locator("#api-key-save").click();
        assertThat(page.locator("#key-error")).containsText("rejected (403: Invalid API key)");
        shot(page, "api-key-rejected");
        page.locator("#api-key-input").fill(KEY);
        page.locator("#api-key-save").click();

        // Flows: both flows, the DAG, recent run counts, node details on click
        Locator checkout = page.locator("article.flow-card[data-flow=checkout]");
        assertThat(checkout).isVisible();
        assertThat(page.locator("article.flow-card[data-flow=signup]")).isVisible();
        assertThat(checkout.locator("svg.graph g.node")).hasCount(4);
        assertThat(checkout.locator("g.node[data-node=create_order]")).hasClass(Pattern.compile("type-trigger"));
        assertThat(checkout.locator("svg.graph path.edge")).hasCount(3);
        assertThat(checkout.locator(".count[data-status=failed]")).containsText("1");
        assertThat(checkout.locator(".count[data-status=passed]")).containsText("2"); // r-ok and the passed ensure run
        checkout.locator("g.node[data-node=order_paid]").click();
        Locator panel = checkout.locator("aside.panel[data-node=order_paid]");
        assertThat(panel).containsText("assert");
        assertThat(panel).containsText("data.amount > 0");
        assertThat(panel).containsText("30000 ms");
        assertThat(panel).containsText("code");
        shot(page, "flows");

        // Runs of a flow: statuses, filter, then the failed run
        checkout.locator("h2 a").click();
        assertThat(page.locator("table.runs tr[data-run=r-ok]")).containsText("passed");
        assertThat(page.locator("table.runs tr[data-run=r-bad]")).containsText("failed");
        shot(page, "runs");
        page.locator(".filters button[data-status=failed]").click();
        assertThat(page.locator("table.runs tbody tr")).hasCount(1);
        assertThat(page).hasURL(Pattern.compile(".*status=failed.*"));

        // live refresh: a run reported now appears without reloading
        page.locator(".filters button[data-status=all]").click();
        post("/v1/events-batch", batch("checkout", "r-live", 0, true, true));
        assertThat(page.locator("table.runs tr[data-run=r-live]")).isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(15_000));

        // paging: signup has 26 runs, 20 a page
        page.navigate(app.baseUri().resolve("/ui/#/flows/signup/runs").toString());
        assertThat(page.locator("table.runs tbody tr")).hasCount(20);
        assertThat(page.locator(".pager")).containsText("page 1 of 2");
        page.locator("#next-page").click();
        assertThat(page.locator("table.runs tbody tr")).hasCount(6);
        assertThat(page.locator(".pager")).containsText("page 2 of 2");
        page.navigate(app.baseUri().resolve("/ui/#/flows/checkout/runs").toString());

        // Run detail: coloured graph, per-node results, events with data, upstream links, re-evaluate
        page.locator("table.runs tr[data-run=r-bad] a").click();
        Locator graph = page.locator("svg.graph");
        assertThat(graph.locator("g.node[data-node=order_paid]")).hasClass(Pattern.compile("status-failed"));
        assertThat(graph.locator("g.node[data-node=payment_authorized]")).hasClass(Pattern.compile("status-passed"));
        assertThat(page.locator("table.results tr[data-node=order_paid]")).containsText("Validator assertion failed");
        assertThat(page.locator("details.event")).hasCount(4);
        assertThat(page.locator(".events")).containsText("\"amount\":0");
        String colour = graph.locator("g.node[data-node=order_paid] rect").evaluate("r => getComputedStyle(r).fill").toString();
        assertThat(colour).isEqualTo("rgb(252, 232, 230)");
        page.locator("table.results tr[data-node=order_paid] td[data-label=Upstream] button.link").first().click();
        assertThat(page.locator("details.event[open]")).hasCount(1);
        graph.locator("g.node[data-node=order_paid]").click();
        assertThat(page.locator("aside.panel[data-node=order_paid]")).containsText("Validator assertion failed");
        page.locator("#reevaluate").click();
        assertThat(page.locator(".toast")).containsText("Re-evaluated: failed");
        assertThat(page.locator("ol.history li")).hasCount(2);
        shot(page, "run-detail");

        // Ensure runs: list with states, the passed run's step trace, cancel the waiting one, start one
        page.locator("nav a[href='#/ensure']").click();
        assertThat(page.locator("table.ensure-runs tbody tr")).hasCount(2);
        assertThat(page.locator("table.ensure-runs tr[data-state=passed]")).hasCount(1);
        assertThat(page.locator("table.ensure-runs tr[data-state=waiting]")).hasCount(1);
        shot(page, "ensure-runs");
        page.locator("table.ensure-runs tr[data-state=passed] a").click();
        assertThat(page.locator("table.steps tr[data-step]").first()).isVisible();
        assertThat(page.locator("table.steps")).containsText("create_order");
        assertThat(page.locator("table.steps")).containsText("order_id");
        assertThat(page.locator("ul.compact li[data-node=order_paid]")).containsText("passed");
        assertThat(page.locator("#cancel-ensure")).hasCount(0);
        shot(page, "ensure-detail");
        page.goBack();
        page.locator("table.ensure-runs tr[data-state=waiting] a").click();
        page.locator("#cancel-ensure").click();
        assertThat(page.locator("h1 .pill")).hasText("cancelled");
        assertThat(page.locator("#cancel-ensure")).hasCount(0);
        shot(page, "ensure-cancelled");
        page.locator("nav a[href='#/ensure']").click();
        shopReports.set(false);
        page.locator("#start-ensure").click();
        assertThat(page.locator(".toast").last()).containsText("Started ensure run");
        assertThat(page).hasURL(Pattern.compile(".*#/ensure/[0-9a-f-]{36}$"));
        assertThat(page.locator("h1 .pill")).hasText(Pattern.compile("pending|triggering|waiting"));
        assertThat(page.locator("table.steps")).containsText("create_order", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(15_000));

        // an empty filter result, then the server unreachable (requests aborted by the browser) and back
        page.locator("nav a[href='#/ensure']").click();
        page.locator("#filter-state").selectOption("error");
        assertThat(page.locator(".empty")).containsText("No ensure runs match these filters");
        page.route("**/v1/**", com.microsoft.playwright.Route::abort);
        assertThat(page.locator(".error-box")).containsText("cannot be reached");
        assertThat(page.locator(".empty")).isVisible(); // the last data stays on screen, marked as stale
        shot(page, "error-unreachable");
        page.unroute("**/v1/**");
        page.locator(".error-box button").click();
        assertThat(page.locator(".empty")).containsText("No ensure runs match these filters");

        // the graph layout itself: a diamond gets three layers, the join below both branches
        Object layers = page.evaluate("""
                async () => { const { layout } = await import('./graph.js');
                  const l = layout([{id:'a',dep_ids:[]},{id:'b',dep_ids:['a']},{id:'c',dep_ids:['a']},{id:'d',dep_ids:['b','c']}]);
                  return [l.layers, ...['a','b','c','d'].map(id => l.position.get(id).layer)].join(','); }""");
        assertThat(layers).isEqualTo("3,0,1,1,2");
        assertThat(page.evaluate("async () => { const { h } = await import('./dom.js'); const e = h('p.one#the-id.two', 'x'); "
                + "return e.tagName + '|' + e.id + '|' + e.className; }")).isEqualTo("P|the-id|one two");

        // pausing live refresh
        page.locator("#live").click();
        assertThat(page.locator("#live")).hasAttribute("aria-pressed", "false");
        page.locator("#live").click();

        // a key that stops working (rotated) gives the key prompt with the reason
        page.evaluate("localStorage.setItem('flowproof.apiKey', 'rotated-away')");
        page.reload();
        assertThat(page.locator("#key-error")).containsText("403");
        assertThat(consoleErrors).isEmpty();

        // the Business-Use UI's calls, made by this browser from another origin (the shop's): preflights and CORS for real
        page.navigate("http://127.0.0.1:" + shop.getAddress().getPort() + "/ui-probe");
        Object probe = page.evaluate("""
                async ([base, key]) => {
                  const headers = { 'Content-Type': 'application/json', 'X-API-Key': key };
                  const get = (path) => fetch(base + path, { headers }).then(r => r.json());
                  const status = await get('/v1/status');
                  const nodes = await get('/v1/nodes');
                  const events = await get('/v1/events?flow=checkout&node_id=order_paid&limit=10');
                  const outputs = await get('/v1/eval-outputs?name=checkout&limit=10');
                  const rerun = await fetch(base + '/v1/run-eval', { method: 'POST', headers,
                    body: JSON.stringify({ run_id: 'r-ok', flow: 'checkout', start_node_id: null, ev_id: null, whole_graph: true }) }).then(r => r.json());
                  const denied = await fetch(base + '/v1/nodes', { headers: { ...headers, 'X-API-Key': 'nope' } });
                  return [status.status, Array.isArray(nodes), Array.isArray(events) && events.length > 0,
                    Array.isArray(outputs) && outputs.length > 0, rerun.status, denied.status, (await denied.json()).detail].join('|');
                }""", List.of(app.baseUri().toString(), KEY));
        assertThat(probe).isEqualTo("success|true|true|true|passed|403|Invalid API key");
        laptop.close();

        // a phone: same data, one column, nothing wider than the screen
        BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                .setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true));
        phone.addInitScript("localStorage.setItem('flowproof.apiKey', '" + KEY + "')");
        Page small = phone.newPage();
        small.navigate(app.baseUri().resolve("/ui/#/flows/checkout/runs/r-bad").toString());
        assertThat(small.locator("svg.graph g.node[data-node=order_paid]")).hasClass(Pattern.compile("status-failed"));
        assertThat(small.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Re-evaluate"))).isVisible();
        assertThat(((Number) small.evaluate("document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(390);
        assertThat(small.evaluate("(() => { const t = document.querySelector('table.results'); "
                + "return t.scrollWidth <= t.parentElement.clientWidth; })()")).isEqualTo(true); // rows become cards
        shot(small, "phone-run-detail");
        small.navigate(app.baseUri().resolve("/ui/#/flows").toString());
        assertThat(small.locator("article.flow-card[data-flow=checkout] svg.graph")).isVisible();
        assertThat(((Number) small.evaluate("document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(390);
        shot(small, "phone-flows");
        phone.close();
        phase("every view checked");
    }

    // --- data ------------------------------------------------------------------------------------------

    /** Two runs of checkout (one passes, one fails its validator), two of signup, two ensure runs. */
    private static void seed() {
        // /health answers before the start-up sync of the flows directory has finished; sync explicitly (idempotent)
        assertThat(post("/v1/flows/sync", "")).contains("\"checkout\"");
        post("/v1/events-batch", batch("checkout", "r-ok", 25, true, false));
        post("/v1/events-batch", batch("checkout", "r-bad", 0, true, false));
        long now = System.currentTimeMillis() * 1_000_000L;
        post("/v1/events-batch", """
                [{"flow":"signup","id":"form_submitted","run_id":"u-1","type":"act","data":{"plan":"pro"},"ts":%d},
                 {"flow":"signup","id":"email_verified","run_id":"u-1","type":"assert","data":{"verified":true},"ts":%d,
                  "dep_ids":["form_submitted"],"validator":{"engine":"python","script":"data['verified'] == True"}},
                 {"flow":"signup","id":"form_submitted","run_id":"u-2","type":"act","data":{"plan":"free"},"ts":%d}]
                """.formatted(now - 9_000_000_000L, now - 8_000_000_000L, now - 1_000_000_000L));
        StringBuilder signups = new StringBuilder("[");
        for (int i = 3; i <= 26; i++) { // enough runs for two pages of the runs view
            signups.append(i == 3 ? "" : ",").append("""
                    {"flow":"signup","id":"form_submitted","run_id":"u-%d","type":"act","data":{"plan":"free"},"ts":%d}"""
                    .formatted(i, now - i * 1_000_000_000L));
        }
        post("/v1/events-batch", signups.append("]").toString());
        String passed = (String) startEnsure().get("id");
        awaitEnsure(passed, "passed");
        shopReports.set(false);
        String waiting = (String) startEnsure().get("id");
        awaitEnsure(waiting, "waiting");
        awaitEvaluated("checkout", "r-bad");
        awaitEvaluated("checkout", "r-ok");
    }

    /**
     * The events of a checkout run; {@code amount} 0 fails order_paid's validator. Runs the test reports itself
     * include the trigger's event (an ensure run records its own); {@code paymentOnly} stops after the payment.
     */
    private static String batch(String flow, String runId, int amount, boolean withTrigger, boolean paymentOnly) {
        // runs the test reports happened seconds ago; a run the shop reports happens just after its trigger
        long now = System.currentTimeMillis() * 1_000_000L + (withTrigger ? 0 : 4_500_000_000L);
        List<String> events = new ArrayList<>();
        if (withTrigger) {
            events.add("""
                    {"flow":"%s","id":"create_order","run_id":"%s","type":"trigger","data":{"order_id":"%s"},"ts":%d,
                     "description":"Places an order in the shop"}""".formatted(flow, runId, runId, now - 4_000_000_000L));
        }
        events.add("""
                {"flow":"%s","id":"payment_authorized","run_id":"%s","type":"act","data":{"provider":"card"},"ts":%d,"dep_ids":["create_order"],
                 "conditions":[{"timeout_ms":60000}]}"""
                .formatted(flow, runId, now - 3_000_000_000L));
        if (!paymentOnly) {
            events.add("""
                    {"flow":"%s","id":"order_paid","run_id":"%s","type":"assert","data":{"amount":%d,"currency":"EUR"},"ts":%d,
                     "dep_ids":["payment_authorized"],"validator":{"engine":"cel","script":"data.amount > 0"},"conditions":[{"timeout_ms":30000}]}"""
                    .formatted(flow, runId, amount, now - 2_000_000_000L));
            events.add("""
                    {"flow":"%s","id":"receipt_sent","run_id":"%s","type":"act","data":{"to":"ana@example.com"},"ts":%d,"dep_ids":["order_paid"]}"""
                    .formatted(flow, runId, now - 1_000_000_000L));
        }
        return "[" + String.join(",", events) + "]";
    }

    /** POST /orders: answers an order id; while {@code shopReports}, reports the order's events like a real shop would. */
    private static void startShop() throws IOException {
        shop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        shop.createContext("/ui-probe", exchange -> { // a page on another origin than the app, like the Business-Use UI
            byte[] body = "<!doctype html><title>other origin</title>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        shop.createContext("/orders", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String id = "ord-" + orders.incrementAndGet();
            if (shopReports.get()) {
                post("/v1/events-batch", batch("checkout", id, 42, false, false));
            }
            byte[] body = ("{\"order_id\":\"" + id + "\",\"status\":\"created\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        shop.start();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> startEnsure() {
        return (Map<String, Object>) JSON.readValue(post("/v1/ensure-runs", "{\"flow\":\"checkout\"}"), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static void awaitEnsure(String id, String state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Object> run = Map.of();
        while (System.nanoTime() < deadline) {
            run = JSON.readValue(get("/v1/ensure-runs/" + id), Map.class);
            if (state.equals(run.get("state"))) {
                return;
            }
            AppProcess.sleep(Duration.ofMillis(200));
        }
        throw new AssertionError("Ensure run " + id + " is not " + state + ": " + run);
    }

    private static void awaitEvaluated(String flow, String runId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!JSON.readValue(get("/v1/eval-outputs?name=" + flow + "&run_id=" + runId), List.class).isEmpty()) {
                return;
            }
            AppProcess.sleep(Duration.ofMillis(200));
        }
        throw new AssertionError("Run " + runId + " of " + flow + " was not evaluated");
    }

    private static String get(String path) {
        return send(HttpRequest.newBuilder(app.baseUri().resolve(path)).header("X-Api-Key", KEY).GET());
    }

    private static String post(String path, String body) {
        return send(HttpRequest.newBuilder(app.baseUri().resolve(path)).header("X-Api-Key", KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new AssertionError(response.request().method() + " " + response.request().uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void shot(Page page, String name) {
        page.waitForTimeout(150); // let the flash/hover transitions settle
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    }
}
