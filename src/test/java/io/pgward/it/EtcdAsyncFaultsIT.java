package io.pgward.it;

/** etcd member faults with asynchronous replication. */
class EtcdAsyncFaultsIT extends EtcdFaultSuite {

    @Override
    boolean synchronous() {
        return false;
    }
}
