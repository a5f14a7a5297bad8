import { tracingWanted } from './tracing';

describe('tracingWanted (the OTEL_* switch)', () => {
  it('is off by default', () => expect(tracingWanted({})).toBe(false));
  it('is on with OTEL_TRACES_EXPORTER=otlp', () => expect(tracingWanted({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true));
  it('is on with an OTLP endpoint and no exporter named', () => {
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' })).toBe(true);
  });
  it('stays off with none or OTEL_SDK_DISABLED=true', () => {
    expect(tracingWanted({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x' })).toBe(false);
    expect(tracingWanted({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBe(false);
  });
  it('refuses exporters and protocols it does not have, naming them', () => {
    expect(() => tracingWanted({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/zipkin/);
    expect(() => tracingWanted({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(/http\/json/);
    expect(tracingWanted({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toBe(true);
  });
});
