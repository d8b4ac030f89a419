// Routing and traffic-policy intent: plain typed data, rendered by lib/traffic/render.
export * from './string-match';
export * from './routing';
export * from './traffic-policy';
