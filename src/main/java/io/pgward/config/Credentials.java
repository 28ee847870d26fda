package io.pgward.config;

/**
 * A user name and its password.
 *
 * @param password may be null (peer/cert/trust authentication, or a password kept in a pgpass file)
 */
public record Credentials(String username, String password) {

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=" + (password == null ? "null" : "***") + "]";
    }
}
