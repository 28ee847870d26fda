package io.pgward.api;

import io.pgward.config.Credentials;
import io.pgward.config.HostPort;
import io.pgward.config.RestApiConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AccessControlTest {

    private static RestApiConfig rest(Credentials auth, List<String> allowlist, boolean includeMembers) {
        return new RestApiConfig(new HostPort("127.0.0.1", 8008), new HostPort("127.0.0.1", 8008), auth, null, null,
                null, null, "none", allowlist, includeMembers);
    }

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void withoutAuthOrAllowlistEverythingPasses() throws Exception {
        assertThat(new AccessControl(rest(null, List.of(), false), List::of).check(ip("10.1.2.3"), null)).isEmpty();
    }

    @Test
    void basicAuthRequiredWhenConfigured() throws Exception {
        AccessControl ac = new AccessControl(rest(new Credentials("admin", "s3cret"), List.of(), false), List::of);
        assertThat(ac.check(ip("127.0.0.1"), null)).get().extracting(AccessControl.Denial::status).isEqualTo(401);
        assertThat(ac.check(ip("127.0.0.1"), basic("admin:wrong"))).get()
                .extracting(AccessControl.Denial::message).isEqualTo("wrong username or password");
        assertThat(ac.check(ip("127.0.0.1"), "Basic !!!notbase64")).get()
                .extracting(AccessControl.Denial::status).isEqualTo(401);
        assertThat(ac.check(ip("127.0.0.1"), basic("admin:s3cret"))).isEmpty();
    }

    @Test
    void allowlistByAddressAndCidr() throws Exception {
        AccessControl ac = new AccessControl(rest(null, List.of("10.0.0.0/8", "192.168.1.7"), false), List::of);
        assertThat(ac.check(ip("10.200.3.4"), null)).isEmpty();
        assertThat(ac.check(ip("192.168.1.7"), null)).isEmpty();
        assertThat(ac.check(ip("192.168.1.8"), null)).get().extracting(AccessControl.Denial::status).isEqualTo(403);
    }

    @Test
    void allowlistIncludesMembersWhenAsked() throws Exception {
        AccessControl ac = new AccessControl(rest(null, List.of(), true),
                () -> List.of("http://127.0.0.5:8008/patroni"));
        assertThat(ac.check(ip("127.0.0.5"), null)).isEmpty();
        assertThat(ac.check(ip("127.0.0.6"), null)).get().extracting(AccessControl.Denial::status).isEqualTo(403);
    }

    @Test
    void allowlistIsCheckedBeforeAuthentication() throws Exception {
        AccessControl ac = new AccessControl(rest(new Credentials("a", "b"), List.of("10.0.0.1"), false), List::of);
        assertThat(ac.check(ip("10.0.0.2"), basic("a:b"))).get().extracting(AccessControl.Denial::status).isEqualTo(403);
    }

    @Test
    void ipv6Cidr() throws Exception {
        assertThat(AccessControl.Cidr.matches("fd00::/8", ip("fd12::1"))).isTrue();
        assertThat(AccessControl.Cidr.matches("fd00::/8", ip("fe80::1"))).isFalse();
        assertThat(AccessControl.Cidr.matches("10.0.0.0/8", ip("fd12::1"))).isFalse();
    }
}
