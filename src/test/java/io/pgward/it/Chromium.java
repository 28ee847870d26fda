package io.pgward.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium for tests of the dashboard: one-shot {@code --dump-dom} and {@code --screenshot}, and a
 * page kept open whose DOM is read through the DevTools protocol (so its own script's refreshes are what is tested).
 * Runs as root, hence {@code --no-sandbox}. Every process it starts is stopped by PID, with its children.
 */
final class Chromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    private static List<String> base(Path profile) {
        return new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile));
    }

    /** The DOM after the page's scripts ran for {@code budgetMillis} of virtual time. */
    static String dumpDom(String url, int budgetMillis) throws Exception {
        Path profile = Files.createTempDirectory("pgward-chromium-");
        try {
            List<String> cmd = base(profile);
            cmd.addAll(List.of("--virtual-time-budget=" + budgetMillis, "--dump-dom", url));
            return run(cmd);
        } finally {
            deleteTree(profile);
        }
    }

    /** A PNG of the page at {@code width}x{@code height} into {@code png}. */
    static void screenshot(String url, Path png, int width, int height) throws Exception {
        Path profile = Files.createTempDirectory("pgward-chromium-");
        try {
            List<String> cmd = base(profile);
            cmd.addAll(List.of("--hide-scrollbars", "--window-size=" + width + "," + height,
                    "--screenshot=" + png.toAbsolutePath(), url));
            run(cmd);
        } finally {
            deleteTree(profile);
        }
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        if (!p.waitFor(TestTime.seconds(60).toMillis(), TimeUnit.MILLISECONDS)) {
            stop(p);
            throw new AssertionError("chromium did not finish within 60 s: " + String.join(" ", cmd));
        }
        stop(p);
        return new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    /** Opens {@code url} in a headless Chromium that stays up until {@link #close()}. */
    static Chromium open(String url) throws Exception {
        Path profile = Files.createTempDirectory("pgward-chromium-");
        List<String> cmd = base(profile);
        cmd.addAll(List.of("--remote-debugging-port=0", url));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            String browser = null;
            long deadline = System.nanoTime() + TestTime.seconds(30).toNanos();
            for (String line; browser == null && System.nanoTime() < deadline && (line = err.readLine()) != null; ) {
                Matcher m = DEVTOOLS.matcher(line);
                if (m.find()) {
                    browser = m.group(1);
                }
            }
            if (browser == null) {
                throw new AssertionError("chromium did not say where its DevTools listen");
            }
            CompletableFuture.runAsync(() -> drain(err));
            URI ws = URI.create(browser);
            String page = pageSocket(ws.getHost() + ":" + ws.getPort(), url);
            return new Chromium(p, profile, page);
        } catch (Exception | AssertionError e) {
            stop(p);
            deleteTree(profile);
            throw e;
        }
    }

    /** The DevTools address of the tab showing {@code url}, once it is there. */
    private static String pageSocket(String hostPort, String url) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TestTime.seconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://" + hostPort + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode t : JSON.readTree(body)) {
                if ("page".equals(t.path("type").asText()) && t.path("url").asText().startsWith(url)) {
                    return t.path("webSocketDebuggerUrl").asText();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("chromium shows no tab with " + url);
    }

    private Chromium(Process process, Path profile, String pageSocket) throws Exception {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(pageSocket), new Listener()).get(10, TimeUnit.SECONDS);
    }

    /** Evaluates {@code expression} in the page and returns its value as text (JSON.stringify it for objects). */
    String eval(String expression) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", "Runtime.evaluate");
        msg.putObject("params").put("expression", expression).put("returnByValue", true);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(msg.toString(), true).get(10, TimeUnit.SECONDS);
        JsonNode r = answer.get(TestTime.seconds(20).toMillis(), TimeUnit.MILLISECONDS);
        if (r.has("error") || r.path("result").has("exceptionDetails")) {
            throw new AssertionError("evaluating " + expression + " failed: " + r);
        }
        return r.path("result").path("result").path("value").asText();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode msg = JSON.readTree(partial.toString());
                    CompletableFuture<JsonNode> f = msg.has("id") ? pending.remove(msg.get("id").asInt()) : null;
                    if (f != null) {
                        f.complete(msg);
                    }
                } catch (IOException ignored) {
                    // not one of our answers
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    private static void drain(BufferedReader r) {
        try {
            while (r.readLine() != null) {
                // chromium's own chatter
            }
        } catch (IOException ignored) {
            // it exited
        }
    }

    /** Stops a Chromium and every process it started, by PID. */
    private static void stop(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        for (ProcessHandle child : children) {    // chromium ends its helpers itself; whatever is left is killed
            try {
                child.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                child.destroyForcibly();
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (var all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile
        }
    }

    @Override
    public void close() {
        socket.abort();
        stop(process);
        deleteTree(profile);
    }
}
