package io.pgward.cli;

import picocli.CommandLine.Option;

/** Credentials for the members' REST API, for the commands that change the cluster (see {@link RestAuth}). */
final class RestOptions {

    @Option(names = "--username", description = "REST API user (default: restapi.authentication of -c,"
            + " else $" + RestAuth.ENV_FILE + ", else restapi.password next to the config file)")
    String username;

    @Option(names = "--password", arity = "0..1", interactive = true,
            description = "REST API password; without a value it is asked for")
    String password;

    RestClient client(ClusterOptions cluster) {
        io.pgward.config.Config config = cluster.configOrNull();
        return new RestClient(RestAuth.resolve(username, password, config, cluster.configDirectory(),
                System.getenv()), config == null ? null : config.ctl());
    }
}
