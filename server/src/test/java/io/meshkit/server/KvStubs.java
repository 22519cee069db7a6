package io.meshkit.server;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.meshkit.proto.v1.KVGrpc;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.PutResponse;
import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.proto.v1.RangeResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Plain gRPC stubs to each member of a {@link MiniCluster}, for tests that target one member. */
final class KvStubs implements AutoCloseable {
  private final List<ManagedChannel> channels = new ArrayList<>();

  KvStubs(List<String> endpoints) {
    for (String e : endpoints) {
      channels.add(ManagedChannelBuilder.forTarget(e).usePlaintext().build());
    }
  }

  KVGrpc.KVBlockingStub kv(int member) {
    return KVGrpc.newBlockingStub(channels.get(member)).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  ManagedChannel channel(int member) {
    return channels.get(member);
  }

  PutResponse put(int member, String key, String value) {
    return kv(member).put(PutRequest.newBuilder().setKey(utf8(key)).setValue(utf8(value)).build());
  }

  /** Linearizable single-key read on {@code member}; null when absent. */
  String get(int member, String key) {
    RangeResponse r = kv(member).range(RangeRequest.newBuilder().setKey(utf8(key)).build());
    return r.getKvsCount() == 0 ? null : r.getKvs(0).getValue().toStringUtf8();
  }

  static ByteString utf8(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
  }
}
