package io.pgward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.Credentials;
import io.pgward.dcs.WireFormat;
import io.pgward.ha.Member;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Calls a member's REST API (Patroni's paths) over HTTP/1.1 with JSON bodies, sending HTTP Basic credentials
 * when they are known. Answers come back as status plus parsed body whatever the status; only a request that
 * never got an answer throws, as {@link Unreachable}, naming the member and URL.
 */
final class RestClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * An answer. {@code json} is the parsed body, or null when it was empty or not JSON ({@code text} has it).
     */
    record Response(int status, JsonNode json, String text) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The server's {@code "error"} (else {@code "message"}, else the body as text). */
        String message() {
            if (json != null && json.isObject()) {
                for (String field : List.of("error", "message")) {
                    JsonNode v = json.get(field);
                    if (v != null && !v.isNull()) {
                        return v.isTextual() ? v.asText() : v.toString();
                    }
                }
                return json.toString();
            }
            if (json != null && json.isTextual()) {
                return json.asText();
            }
            return text.strip();
        }

        /** The {@code "problems"} of a refused configuration, one line each; empty when none. */
        List<String> problems() {
            List<String> out = new ArrayList<>();
            JsonNode p = json == null ? null : json.get("problems");
            if (p != null && p.isArray()) {
                for (JsonNode e : p) {
                    out.add(problem(e));
                }
            }
            return out;
        }

        private static String problem(JsonNode e) {
            if (e.isTextual()) {
                return e.asText();
            }
            if (e.isObject() && e.has("message")) {
                String path = e.path("path").asText("");
                String severity = e.path("severity").asText("");
                return (severity.isEmpty() ? "" : severity.toLowerCase() + ": ") + (path.isEmpty() ? "" : path + ": ")
                        + e.get("message").asText();
            }
            return e.toString();
        }

        /** One line for the operator: status, message, and what to do about 401/403. */
        String describe() {
            String hint = switch (status) {
                case 401 -> " (the REST API wants credentials: give --username and --password, or -c with a config"
                        + " that has restapi.authentication, or set PGWARD_REST_PASSWORD_FILE to a user:password file)";
                case 403 -> " (this host is not allowed to change the cluster: see restapi.allowlist on the member)";
                default -> "";
            };
            String m = message();
            return "status " + status + (m.isEmpty() ? "" : ": " + m) + hint;
        }
    }

    /** No answer from a member's REST API: refused, timed out, or the name did not resolve. */
    static final class Unreachable extends PgwardException {
        Unreachable(String message, Throwable cause) {
            super(Code.OS_FAILED, message, cause);
        }
    }

    private final HttpClient http;
    private final Credentials credentials;

    /** @param credentials HTTP Basic user and password, or null to send none */
    RestClient(Credentials credentials) {
        this(credentials, null);
    }

    /**
     * @param ctl how to reach HTTPS members (the {@code ctl} section: CA, client certificate, insecure), or null for
     *            the JDK's trust store and no client certificate
     */
    RestClient(Credentials credentials, io.pgward.config.CtlConfig ctl) {
        this.credentials = credentials;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER);
        javax.net.ssl.SSLContext tls = CtlTls.context(ctl);
        if (tls != null) {
            b.sslContext(tls);
        }
        this.http = b.build();
    }

    /** The API root of a member: its {@code api_url} without the {@code /patroni} suffix. */
    static String baseUrl(String apiUrl) {
        String u = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        return u.endsWith("/patroni") ? u.substring(0, u.length() - "/patroni".length()) : u;
    }

    Response call(String method, Member member, String path, Object body) {
        return call(method, member, path, body, DEFAULT_TIMEOUT);
    }

    Response call(String method, Member member, String path, Object body, Duration timeout) {
        if (member.apiUrl() == null) {
            throw new PgwardException(Code.BAD_REQUEST, "member " + member.name() + " publishes no api_url in etcd,"
                    + " so its REST API cannot be called; is its agent running?");
        }
        return call(method, member.name(), baseUrl(member.apiUrl()) + path, body, timeout);
    }

    /**
     * Sends one request. {@code body} is serialised as JSON (null: no body).
     *
     * @throws Unreachable when no answer came: the message names {@code who} and the URL
     */
    Response call(String method, String who, String url, Object body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(WireFormat.write(body), StandardCharsets.UTF_8));
        }
        if (credentials != null) {
            String token = credentials.username() + ":" + (credentials.password() == null ? "" : credentials.password());
            b.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        String target = who + "'s REST API at " + url;
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new Unreachable("could not connect to " + target + " within " + CONNECT_TIMEOUT.toSeconds()
                    + "s: check that the host is up and the port is open", e);
        } catch (HttpTimeoutException e) {
            throw new Unreachable(method + " " + url + " (" + who + ") got no answer within " + timeout.toSeconds()
                    + "s; the request may still be carried out: check with 'pgward list' before retrying", e);
        } catch (ConnectException e) {
            if (rootCause(e) instanceof UnresolvedAddressException) {
                throw new Unreachable("could not connect to " + target + ": the host name does not resolve", e);
            }
            throw new Unreachable("could not connect to " + target + ": " + describe(e) + "; is " + who
                    + "'s agent running? ('pgward list' shows the members)", e);
        } catch (IOException e) {
            throw new Unreachable("request to " + target + " failed: " + describe(e), e);
        } catch (IllegalArgumentException e) {
            throw new Unreachable("cannot call " + target + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while waiting for " + target, e);
        }
        return new Response(r.statusCode(), parse(r.body()), r.body() == null ? "" : r.body());
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return WireFormat.JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
