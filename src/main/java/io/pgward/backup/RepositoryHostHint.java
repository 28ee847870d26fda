package io.pgward.backup;

/** What to check when pgBackRest's TLS connection to a repository host fails, from its error text (lower case). */
final class RepositoryHostHint {

    private RepositoryHostHint() {
    }

    /** The hint, or null when the text is no TLS failure. */
    static String of(String lowerCaseOutput) {
        String o = lowerCaseOutput;
        if (o.contains("tls protocol") && o.contains("access denied")) {
            return "; the repository host refused this node's client certificate: its tls-server-auth must name the"
                    + " certificate's CN with this stanza (<CN>=<stanza>)";
        }
        if (o.contains("alert unknown ca") || o.contains("alert bad certificate")
                || o.contains("alert certificate required")) {
            return "; the repository host does not trust this node's client certificate (cert): its"
                    + " tls-server-ca-file must hold the CA that signed it";
        }
        if (o.contains("unable to verify certificate presented by")) {
            return "; this node does not trust the repository host's certificate: ca must hold the CA that signed it";
        }
        if (o.contains("unable to find hostname") && o.contains("in certificate")) {
            return "; the repository host's certificate must name the address in host as its CN or as a DNS subject"
                    + " alternative name (pgBackRest 2.45 does not match IP address names)";
        }
        return null;
    }
}
