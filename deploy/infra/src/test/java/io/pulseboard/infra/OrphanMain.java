package io.pulseboard.infra;

/**
 * Run in a child JVM by {@link OrphanReapTest}: starts a local PulseInfra, prints its pids and data
 * directory, and waits to be killed.
 */
public final class OrphanMain {

    private OrphanMain() {}

    public static void main(String[] args) throws Exception {
        PulseInfra infra = PulseInfra.start(
                InfraOptions.builder().mode(Mode.LOCAL).partitions(1).build());
        System.out.println("READY kafka=" + infra.processIds().get("kafka")
                + " postgres=" + infra.processIds().get("postgres")
                + " data=" + infra.dataDir().orElseThrow());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
