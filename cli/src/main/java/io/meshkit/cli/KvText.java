package io.meshkit.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * The table-mode text of KV results, shared by every command that prints them. Script-friendly, as
 * etcdctl: a key line then its value line per record (the key alone with keys-only), a bare count
 * for deletes and counts, {@code OK} for puts. Bytes that are not UTF-8 print as
 * {@code base64:<data>}.
 */
final class KvText {
  private KvText() {}

  /** Key line, then value line unless the value was not asked for. */
  static void kvs(PrintWriter out, List<Views.Kv> kvs) {
    for (Views.Kv kv : kvs) {
      out.println(kv.keyText().display());
      if (kv.value() != null) {
        out.println(kv.valueText().display());
      }
    }
  }

  static void range(PrintWriter out, Views.Range range, boolean countOnly) {
    if (countOnly) {
      out.println(range.count());
    } else {
      kvs(out, range.kvs());
    }
  }

  /** {@code OK (revision N)}, then the previous record when it was asked for and existed. */
  static void put(PrintWriter out, Views.Put put) {
    out.println(put.header() == null ? "OK" : "OK (revision " + put.header().revision() + ")");
    if (put.prevKv() != null) {
      kvs(out, List.of(put.prevKv()));
    }
  }

  /** The number of keys deleted, then the deleted records when they were asked for. */
  static void delete(PrintWriter out, Views.Delete delete) {
    out.println(delete.deleted());
    kvs(out, delete.prevKvs());
  }

  /** {@code SUCCEEDED} or {@code FAILED}, then each operation's result in order. */
  static void txn(PrintWriter out, Views.Txn txn) {
    out.println(txn.succeeded() ? "SUCCEEDED" : "FAILED");
    for (Views.OpResult op : txn.responses()) {
      if (op.range() != null) {
        range(out, op.range(), false);
      } else if (op.put() != null) {
        put(out, op.put());
      } else {
        delete(out, op.deleteRange());
      }
    }
  }

  /**
   * One line per watch event: {@code [rev N] PUT key value}, {@code [rev N] DELETE key}; with the
   * previous record {@code (prev: value)} is appended; progress prints {@code [rev N] PROGRESS}.
   */
  static void watchLine(PrintWriter out, Views.WatchLine line) {
    StringBuilder text = new StringBuilder("[rev ").append(line.revision()).append("] ").append(line.type());
    if (line.kv() != null) {
      text.append(' ').append(line.kv().keyText().display());
      if (line.kv().value() != null) {
        text.append(' ').append(line.kv().valueText().display());
      }
    }
    if (line.prevKv() != null) {
      text.append(" (prev: ").append(line.prevKv().valueText().display()).append(')');
    }
    out.println(text);
  }
}
