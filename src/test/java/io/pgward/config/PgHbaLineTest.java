package io.pgward.config;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PgHbaLineTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "# a comment",
        "local all all peer",
        "local all postgres ident map=omicron",
        "local sameuser all md5",
        "local all +admins scram-sha-256",
        "local all @admins.txt password",
        "host all all 127.0.0.1/32 trust",
        "host all all 0.0.0.0/0 scram-sha-256",
        "host replication replicator 10.0.0.0/8 md5",
        "host all all ::1/128 trust",
        "host all all ::/0 reject",
        "host all all fe80::7a31:c1ff:0000:0000/96 md5",
        "host all all ::ffff:10.0.0.1/128 md5",
        "host all all 192.168.12.10 255.255.255.255 md5",
        "host all all fe80:: ffff:ffff:: md5",
        "host all all all md5",
        "host all all samehost trust",
        "host all all samenet md5",
        "host all all localhost trust",
        "host all all .example.com scram-sha-256",
        "host all all db-1.example.com scram-sha-256",
        "host db1,db2 alice,bob 10.0.0.0/8 md5",
        "host db1, db2 alice 10.0.0.0/8 md5",
        "host \"my db\" \"the user\" 10.0.0.0/8 md5",
        "host all all 10.0.0.0/8 md5 # trailing comment",
        "host all all 10.0.0.0/8\tmd5",
        "hostssl all all 0.0.0.0/0 cert",
        "hostssl all all 0.0.0.0/0 cert clientcert=verify-full map=certmap",
        "hostssl all all 0.0.0.0/0 scram-sha-256 clientcert=verify-ca",
        "hostnossl all all 0.0.0.0/0 reject",
        "hostgssenc all all 0.0.0.0/0 gss include_realm=0 krb_realm=EXAMPLE.COM",
        "hostnogssenc all all 0.0.0.0/0 md5",
        "host all all 10.0.0.0/8 ldap ldapserver=ldap.example.net ldapprefix=\"cn=\" ldapsuffix=\", dc=example, dc=net\"",
        "host all all 10.0.0.0/8 ldap ldapurl=\"ldap://ldap.example.net/dc=example,dc=net?uid?sub\"",
        "host all all 10.0.0.0/8 radius radiusservers=server1,server2 radiussecrets=\"\"\"secret one\"\"\"",
        "host all all 10.0.0.0/8 pam pamservice=postgresql",
        "host all all 10.0.0.0/8 sspi",
        "host all all 10.0.0.0/8 bsd",
        "host all all 10.0.0.0/8 password",
        "host all /^.*helpdesk$ 10.0.0.0/8 md5",
        "include /etc/postgresql/hba.d/extra.conf",
        "include_if_exists extra.conf",
        "include_dir hba.d",
    })
    void postgresqlAcceptsTheseLines(String line) {
        assertThat(PgHbaLine.check(line)).as(line).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "hots all all 10.0.0.0/8 md5|unknown connection type 'hots' (did you mean 'host'?)",
        "remote all all 10.0.0.0/8 md5|unknown connection type 'remote' (expected one of local, host, hostssl",
        "host all all 10.0.0.0/8 trsut|unknown authentication method 'trsut' (did you mean 'trust'?)",
        "host all all 10.0.0.0/8 scram-sha256|(did you mean 'scram-sha-256'?)",
        "host all all 10.0.0.0/8 kerberos|unknown authentication method 'kerberos' (expected one of trust",
        "local all all 127.0.0.1/32 md5|unknown authentication method '127.0.0.1/32' (local lines have no address field)",
        "host all all 10.0.0.0/33 md5|malformed address '10.0.0.0/33' (the prefix length must be 0..32)",
        "host all all ::1/129 md5|malformed address '::1/129' (the prefix length must be 0..128)",
        "host all all 10.0.0.0/ md5|malformed address '10.0.0.0/' (the prefix length must be 0..32)",
        "host all all 10.0.0.300/24 md5|malformed address '10.0.0.300/24' (not an IPv4 or IPv6 address)",
        "host all all 10.0.0.300 md5|malformed address '10.0.0.300' (not an IPv4 or IPv6 address)",
        "host all all 10.0.0 md5|malformed address '10.0.0' (not an IPv4 or IPv6 address)",
        "host all all fe80:::1/64 md5|malformed address 'fe80:::1/64' (not an IPv4 or IPv6 address)",
        "host all all db.example.com/24 md5|a host name cannot have a /prefix length",
        "host all all db!example md5|malformed address 'db!example' (not an address or host name)",
        "host all all 10.0.0.1 md5|IP address '10.0.0.1' needs a prefix length (e.g. '10.0.0.1/32') or a netmask",
        "host all all ::1 md5|IP address '::1' needs a prefix length (e.g. '::1/128')",
        "host all all 10.0.0.1 ffff:: md5|IP address '10.0.0.1' and netmask 'ffff::' are of different families",
        "host all all 10.0.0.1 255.255.255.255|missing authentication method",
        "host all all|missing address field",
        "host all|missing user field",
        "local|missing database field",
        "local all all|missing authentication method",
        "host all all 10.0.0.0/8 peer|peer authentication is only supported on local sockets",
        "local all all gss|gss authentication is not supported on local sockets",
        "host all all 10.0.0.0/8 cert|cert authentication is only supported on hostssl connections",
        "hostgssenc all all 10.0.0.0/8 md5|hostgssenc (GSSAPI encryption) only supports gss, trust or reject",
        "host all all 10.0.0.0/8 md5 map|authentication option 'map' is not in name=value form",
        "host all all 10.0.0.0/8 md5 =x|authentication option '=x' is not in name=value form",
        "host all all 10.0.0.0/8 md5 mapp=x|unknown authentication option 'mapp' (did you mean 'map'?)",
        "host all all 10.0.0.0/8 md5 clientcert=verify-ca|clientcert can only be configured for hostssl lines",
        "hostssl all all 10.0.0.0/8 md5 clientcert=1|invalid value '1' for clientcert",
        "hostssl all all 10.0.0.0/8 cert clientcert=verify-ca|clientcert only accepts verify-full with cert authentication",
        "host all all 10.0.0.0/8 ldap|ldap authentication requires ldapserver (or ldapurl)",
        "host all all 10.0.0.0/8 radius radiusservers=a|radius authentication requires radiussecrets",
        "host \"all all 10.0.0.0/8 md5|unterminated quoted string",
        "include|include takes exactly one file name, found 0",
        "include a b|include takes exactly one file name, found 2",
    })
    void postgresqlRefusesTheseLines(String line, String message) {
        assertThat(PgHbaLine.check(line)).as(line).hasValueSatisfying(m -> assertThat(m).contains(message));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "host all all 0.0.0.0/0 trust|true",
        "host all all 10.0.0.0/8 trust|true",
        "hostssl all all all trust|true",
        "host all all samenet trust|true",
        "host all all db.example.com trust|true",
        "host all all ::/0 trust|true",
        "host all all 126.0.0.0/7 trust|true",
        "host all all 127.0.0.1/32 trust|false",
        "host all all 127.0.0.0/8 trust|false",
        "host all all 127.0.0.1 255.255.255.255 trust|false",
        "host all all ::1/128 trust|false",
        "host all all localhost trust|false",
        "host all all samehost trust|false",
        "local all all trust|false",
        "host all all 0.0.0.0/0 md5|false",
        "host all all 0.0.0.0/33 trust|false",
    })
    void trustFromTheNetwork(String line, boolean expected) {
        assertThat(PgHbaLine.isTrustFromNetwork(line)).as(line).isEqualTo(expected);
    }

    @Property
    void everyValidIpv4CidrIsAccepted(@ForAll @IntRange(max = 255) int a, @ForAll @IntRange(max = 255) int b,
                                      @ForAll @IntRange(max = 255) int c, @ForAll @IntRange(max = 255) int d,
                                      @ForAll @IntRange(max = 32) int prefix) {
        String line = "host all all " + a + "." + b + "." + c + "." + d + "/" + prefix + " scram-sha-256";

        assertThat(PgHbaLine.check(line)).as(line).isEmpty();
    }

    @Property
    void ipv4PrefixLongerThan32IsRefused(@ForAll @IntRange(max = 255) int a, @ForAll @IntRange(min = 33, max = 999) int prefix) {
        String line = "host all all " + a + ".0.0.0/" + prefix + " md5";

        assertThat(PgHbaLine.check(line)).as(line).hasValueSatisfying(m -> assertThat(m).startsWith("malformed address"));
    }

    @Property
    void everyValidIpv6CidrIsAccepted(@ForAll @IntRange(max = 0xffff) int g1, @ForAll @IntRange(max = 0xffff) int g2,
                                      @ForAll @IntRange(max = 0xffff) int g8, @ForAll @IntRange(max = 128) int prefix,
                                      @ForAll boolean compressed) {
        String address = compressed
                ? Integer.toHexString(g1) + ":" + Integer.toHexString(g2) + "::" + Integer.toHexString(g8)
                : Integer.toHexString(g1) + ":" + Integer.toHexString(g2) + ":0:0:0:0:0:" + Integer.toHexString(g8);
        String line = "host all all " + address + "/" + prefix + " md5";

        assertThat(PgHbaLine.check(line)).as(line).isEmpty();
    }

    @Property
    void ipv4AddressWithAnyContiguousNetmaskIsAccepted(@ForAll @IntRange(max = 32) int prefix) {
        long mask = prefix == 0 ? 0 : 0xffffffffL << (32 - prefix) & 0xffffffffL;
        String dotted = (mask >> 24 & 255) + "." + (mask >> 16 & 255) + "." + (mask >> 8 & 255) + "." + (mask & 255);

        assertThat(PgHbaLine.check("host all all 10.1.2.3 " + dotted + " md5")).isEmpty();
        assertThat(IpAddress.parse(dotted).orElseThrow().maskLength()).isEqualTo(prefix);
    }
}
