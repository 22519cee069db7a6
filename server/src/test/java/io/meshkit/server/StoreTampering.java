package io.meshkit.server;

import io.meshkit.raft.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * Changes a stopped member's RocksDB behind the state machine's back, as disk corruption or a bug
 * would: for tests that must see replicas diverge (consistency checks).
 */
public final class StoreTampering {
  private StoreTampering() {}

  /** Puts {@code key → value} into {@code table} of the database in {@code memberDataDir}. */
  public static void put(Path memberDataDir, Table table, byte[] key, byte[] value) throws Exception {
    String path = memberDataDir.resolve("state").resolve("db").toString();
    List<byte[]> names;
    try (Options options = new Options()) {
      names = RocksDB.listColumnFamilies(options, path);
    }
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (byte[] name : names) {
      descriptors.add(new ColumnFamilyDescriptor(name));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions(); RocksDB db = RocksDB.open(options, path, descriptors, handles)) {
      for (int i = 0; i < names.size(); i++) {
        if (new String(names.get(i), java.nio.charset.StandardCharsets.US_ASCII).equals(table.columnFamily())) {
          db.put(handles.get(i), key, value);
        }
      }
      handles.forEach(ColumnFamilyHandle::close);
    }
  }
}
