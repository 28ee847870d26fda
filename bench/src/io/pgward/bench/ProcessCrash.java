package io.pgward.bench;

import java.util.List;

/**
 * (e) A process crash on a live host: kill -9 of the primary's agent process and of its postmaster, by PID, at the
 * same instant. The rest of the host lives on: PostgreSQL's other processes until they notice, and pgward's fence,
 * which can confirm that the server is gone and revoke the dead agent's lease. Measured as (a).
 */
final class ProcessCrash extends HostCrash {

    @Override
    List<ProcessHandle> victims(ScenarioContext x, ProcessHandle pm) {
        return List.of(x.agent().toHandle(), pm);
    }
}
