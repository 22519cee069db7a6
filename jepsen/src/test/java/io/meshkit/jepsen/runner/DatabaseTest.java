package io.meshkit.jepsen.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatabaseTest {

  @Test
  void parsesCommandLineNames() {
    assertEquals(Database.MESHKIT, Database.parse("meshkit"));
    assertEquals(Database.ETCD, Database.parse("etcd"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Database.parse("zookeeper"));
    assertTrue(e.getMessage().contains("meshkit or etcd"), e.getMessage());
  }

  @Test
  void etcdRunsOnlyTheKeyValueWorkloads() {
    assertEquals(List.of("register", "set"), Database.ETCD.workloads());
    Database.ETCD.requireSupports("register");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Database.ETCD.requireSupports("leadership"));
    assertTrue(e.getMessage().contains("register, set"), e.getMessage());
  }

  @Test
  void meshkitRunsEveryWorkload() {
    assertEquals(Workloads.names(), Database.MESHKIT.workloads());
    Workloads.names().forEach(Database.MESHKIT::requireSupports);
  }
}
