package io.meshkit.cli;

/** How results are printed: {@code -o table|json|yaml}. */
enum OutputFormat {
  /** Human- and script-friendly text: one key or value per line, or aligned columns. */
  table,
  /** One pretty-printed JSON document; streams (watch) print one compact object per line. */
  json,
  /** One YAML document; streams print one document per event. */
  yaml
}
