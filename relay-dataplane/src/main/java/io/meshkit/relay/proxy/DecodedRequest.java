package io.meshkit.relay.proxy;

import io.meshkit.relay.routing.Route;
import io.meshkit.relay.routing.RoutingTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A request head Netty's decoder made: an HTTP/1.x head the relay did not read as bytes, or an HTTP/2
 * stream's, converted. Read through its header map.
 */
final class DecodedRequest implements ClientRequest {
  private final HttpRequest request;

  DecodedRequest(HttpRequest request) {
    this.request = request;
  }

  @Override
  public HttpMethod method() {
    return request.method();
  }

  @Override
  public String uri() {
    return request.uri();
  }

  @Override
  public boolean http11() {
    return HttpVersion.HTTP_1_1.equals(request.protocolVersion());
  }

  @Override
  public boolean keepAlive() {
    return HttpUtil.isKeepAlive(request);
  }

  @Override
  public boolean chunked() {
    return HttpUtil.isTransferEncodingChunked(request);
  }

  @Override
  public long contentLength() {
    return HttpUtil.getContentLength(request, -1L);
  }

  @Override
  public String header(CharSequence name) {
    return request.headers().get(name); // the decoder dropped the whitespace around it
  }

  @Override
  public ByteBuf toBackendBytes(String from, RoutingTable table, Route route, ByteBufAllocator alloc) {
    return ProxyHeaders.outgoingBytes(request, from, table, route, alloc);
  }

  @Override
  public HttpRequest toBackendObject(String from) {
    return ProxyHeaders.outgoing(request, from);
  }

  @Override
  public boolean release() {
    return false; // a head object holds no buffer (a body that came with it went on as content)
  }
}
