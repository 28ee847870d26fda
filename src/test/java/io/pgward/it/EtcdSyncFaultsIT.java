package io.pgward.it;

/** etcd member faults with synchronous_mode on: besides no outage, no acknowledged write may be lost. */
class EtcdSyncFaultsIT extends EtcdFaultSuite {

    @Override
    boolean synchronous() {
        return true;
    }

    /** None of its scenarios is in the CI subset: no cluster is built for them there. */
    @Override
    boolean enabled() {
        return ALL;
    }
}
