/**
 * pgward's configuration: Patroni's YAML (plus PATRONI_* environment variables) loaded with line numbers,
 * validated against Patroni's whole schema with every problem reported at once ({@link io.pgward.config.ConfigLoader}),
 * the dynamic cluster-wide configuration kept in etcd ({@link io.pgward.config.DynamicConfig}), and what PostgreSQL
 * finally gets from both ({@link io.pgward.config.EffectiveSettings}).
 *
 * <p>Where Patroni silently ignores a setting (pg_hba in the wrong section, cluster-wide keys in the node's file,
 * invalid forced GUCs), pgward reports an error that says where the setting belongs. Settings Patroni accepts and
 * pgward does not act on are accepted with a warning when a user may rely on them.
 */
package io.pgward.config;
