package io.meshkit.jepsen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryJsonTest {

  @Test
  void roundTripsEveryValueKind(@TempDir Path dir) throws Exception {
    History original = new HistoryBuilder()
        .read(0, "x", null)
        .write(0, "x", 7)
        .invokeCas(1, "x", 7L, 8).ok(1)
        .invokeCas(1, "x", null, 9).fail(1)
        .invokeAdd(2, 42).info(2)
        .invoke(3, OpFunction.READ, null, null).ok(3, List.of(1L, 2L, 42L))
        .invoke(5, OpFunction.TRANSFER, "shard-3", new ShardTransfer(3, "node-2", 4))
        .ok(5, new ShardState(3, "node-2", 5, 40, 40))
        .invoke(6, OpFunction.RESOLVE, "key-9", null).ok(6, new ShardState(1, "node-4", 1, 2, 41))
        .invoke(7, OpFunction.TRANSFER, "shard-1", new ShardTransfer(1, "node-1", 1)).fail(7)
        .invoke(8, OpFunction.RELAY_GET, "n1", "k7").ok(8, new RelayAnswer(200, 42L, "ns/3"))
        .invoke(8, OpFunction.RELAY_GET, "n1", "k8").ok(8, new RelayAnswer(400, null, null))
        .invoke(8, OpFunction.RELAY_GET, "n1", "k9").fail(8)
        .invokeWrite(4, "y", -5)
        .build();
    Path file = dir.resolve("runs/r1/history.jsonl");

    HistoryJson.write(original, file);
    History copy = HistoryJson.read(file);

    assertEquals(original.ops(), copy.ops());
    assertEquals(original.size(), Files.readAllLines(file).size());
    assertEquals(original.pairs(), copy.pairs());
  }

  @Test
  void nemesisRecordsRoundTripAndStayOutOfPairs() throws Exception {
    HistoryRecorder recorder = new HistoryRecorder();
    Op write = recorder.invoke(0, OpFunction.WRITE, "x", 1L);
    recorder.nemesis(OpFunction.FAULT, "partition n1 | n2 n3");
    recorder.ok(write, 1L);
    recorder.nemesis(OpFunction.HEAL, "heal partition");
    recorder.info(recorder.invoke(1, OpFunction.WRITE, "x", 2L), "TIMEOUT: no answer");
    History history = recorder.history();

    History copy = HistoryJson.read(new java.io.StringReader(toText(history)));

    assertEquals(history.ops(), copy.ops());
    assertEquals(2, copy.pairs().size());
    assertEquals("TIMEOUT: no answer", copy.pairs().get(1).completion().error());
    assertEquals(List.of("partition n1 | n2 n3", "heal partition"),
        copy.nemesisOps().stream().map(Op::value).toList());
    assertEquals(Op.NEMESIS, copy.nemesisOps().get(0).process());
  }

  private static String toText(History history) throws Exception {
    java.io.StringWriter out = new java.io.StringWriter();
    HistoryJson.write(history, out);
    return out.toString();
  }

  @Test
  void lineFormatIsStable() throws Exception {
    Op op = new Op(1, OpType.OK, OpFunction.CAS, "x", new CasValue(1L, 2), 42, 3);
    String line = HistoryJson.toLine(op);
    assertEquals("{\"index\":3,\"process\":1,\"type\":\"ok\",\"f\":\"cas\",\"key\":\"x\","
        + "\"value\":{\"expected\":1,\"new\":2},\"time\":42}", line);
    assertEquals(op, HistoryJson.fromLine(line));
  }
}
