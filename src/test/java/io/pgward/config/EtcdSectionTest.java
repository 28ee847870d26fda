package io.pgward.config;

import static io.pgward.config.TestConfigs.MINIMAL;
import static io.pgward.config.TestConfigs.assertError;
import static io.pgward.config.TestConfigs.assertWarning;
import static io.pgward.config.TestConfigs.load;
import static io.pgward.config.TestConfigs.singleError;
import static io.pgward.config.TestConfigs.singleWarning;
import static io.pgward.config.TestConfigs.valid;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EtcdSectionTest {

    private static String etcd(String section) {
        return MINIMAL.replace("etcd3:\n  hosts: 10.0.0.5:2379\n", section);
    }

    @Test
    void singleHost() {
        Config c = valid(etcd("etcd3:\n  host: 127.0.0.1:2379\n"));

        assertThat(c.etcd().hosts()).containsExactly(new HostPort("127.0.0.1", 2379));
        assertThat(c.etcd().endpoints()).containsExactly("http://127.0.0.1:2379");
    }

    @Test
    void hostWithoutPortUses2379() {
        Config c = valid(etcd("etcd3:\n  host: etcd.local\n"));

        assertThat(c.etcd().endpoints()).containsExactly("http://etcd.local:2379");
    }

    @Test
    void hostsAsCommaSeparatedString() {
        Config c = valid(etcd("etcd3:\n  hosts: 'a:2379, b:2380,c'\n  protocol: https\n"));

        assertThat(c.etcd().endpoints()).containsExactly("https://a:2379", "https://b:2380", "https://c:2379");
    }

    @Test
    void hostsAsList() {
        Config c = valid(etcd("etcd3:\n  hosts:\n  - 10.0.0.1:2379\n  - '[fd00::2]:2379'\n"));

        assertThat(c.etcd().hosts()).containsExactly(new HostPort("10.0.0.1", 2379), new HostPort("fd00::2", 2379));
        assertThat(c.etcd().endpoints()).containsExactly("http://10.0.0.1:2379", "http://[fd00::2]:2379");
    }

    @Test
    void urlGivesProtocolAndHost() {
        Config c = valid(etcd("etcd3:\n  url: https://etcd.example.com:2379\n  cacert: /ca.pem\n"));

        assertThat(c.etcd().protocol()).isEqualTo("https");
        assertThat(c.etcd().endpoints()).containsExactly("https://etcd.example.com:2379");
    }

    @Test
    void urlsList() {
        Config c = valid(etcd("etcd3:\n  urls:\n  - http://e1:2379\n  - http://e2\n"));

        assertThat(c.etcd().endpoints()).containsExactly("http://e1:2379", "http://e2:2379");
    }

    @Test
    void urlWithCredentialsIsRefused() {
        Problem p = singleError(load(etcd("etcd3:\n  url: http://user:pw@e1:2379\n")));

        assertError(p, 7, "etcd3.url", "carries credentials", "***@e1");
        assertThat(p.message()).doesNotContain("pw");
    }

    @Test
    void etcdSectionIsReadWithV3Semantics() {
        Config c = valid(etcd("etcd:\n  host: 10.0.0.9:2379\n  username: u\n  password: p\n"));

        assertThat(c.etcd().endpoints()).containsExactly("http://10.0.0.9:2379");
        assertThat(c.etcd().username()).isEqualTo("u");
        assertThat(c.etcd().password()).isEqualTo("p");
    }

    @Test
    void bothEtcdAndEtcd3AreRefused() {
        Problem p = singleError(load(MINIMAL + "etcd:\n  host: 10.0.0.9:2379\n"));

        assertError(p, 19, "etcd", "both etcd and etcd3 are set");
    }

    @Test
    void otherDcsIsRefused() {
        Problem p = singleError(load(etcd("consul:\n  host: 127.0.0.1:8500\n")));

        assertError(p, 6, "consul", "pgward supports only etcd3");
    }

    @Test
    void everyOtherDcsNameIsRecognised() {
        for (String dcs : EtcdBinder.OTHER_DCS) {
            Problem p = singleError(load(etcd(dcs + ":\n  hosts: [x]\n")));
            assertError(p, 6, dcs, "pgward supports only etcd3");
        }
    }

    @Test
    void missingDcsSection() {
        Problem p = singleError(load(etcd("")));

        assertError(p, 0, "etcd3", "missing DCS section");
    }

    @Test
    void missingEndpoints() {
        Problem p = singleError(load(etcd("etcd3:\n  protocol: http\n")));

        assertError(p, 6, "etcd3.hosts", "missing etcd endpoints");
    }

    @Test
    void srvDiscoveryIsNotSupported() {
        Problem p = singleError(load(etcd("etcd3:\n  srv: example.com\n")));

        assertError(p, 7, "etcd3.srv", "DNS SRV discovery is not supported");
    }

    @Test
    void badHostPort() {
        Problem p = singleError(load(etcd("etcd3:\n  hosts: [10.0.0.1:2379, '10.0.0.2:http']\n")));

        assertError(p, 7, "etcd3.hosts", "'http' is not a port number");
    }

    @Test
    void certWithoutKey() {
        Problem p = singleError(load(etcd("etcd3:\n  hosts: a:1\n  protocol: https\n  cert: /c.pem\n")));

        assertError(p, 9, "etcd3.cert", "cert and key");
    }

    @Test
    void cacertWithPlainHttpIsWarned() {
        Problem p = singleWarning(load(etcd("etcd3:\n  hosts: a:1\n  cacert: /ca.pem\n")));

        assertWarning(p, 8, "etcd3.cacert", "TLS is not used; set protocol: https");
    }

    @Test
    void severalEndpointKeysUsePatronisPrecedence() {
        LoadResult result = load(etcd("etcd3:\n  host: a:1\n  hosts: b:2,c:3\n"));

        assertWarning(singleWarning(result), 7, "etcd3.host", "pgward uses hosts");
        assertThat(result.config().etcd().endpoints()).containsExactly("http://b:2", "http://c:3");
    }

    @Test
    void unknownEtcdKeyIsSuggested() {
        Problem p = singleError(load(etcd("etcd3:\n  hosts: a:1\n  pasword: x\n")));

        assertError(p, 8, "etcd3.pasword", "(did you mean 'password'?)");
    }

    @Test
    void etcdPasswordIsNotPrinted() {
        Config c = valid(etcd("etcd3:\n  hosts: a:1\n  username: u\n  password: topsecret\n"));

        assertThat(c.etcd().toString()).doesNotContain("topsecret");
        assertThat(c.toString()).doesNotContain("topsecret").contains("username=postgres, password=***");
    }
}
