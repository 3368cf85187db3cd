'use strict';

/**
 * HAProxy configuration for the cluster. Health checks on /_health take a dead instance out of
 * rotation within about a second; a request that could not even connect is retried on another,
 * so a crash costs at most the requests that instance was already processing (those are not
 * replayed: a promote or an upload must never run twice). The response header X-Served-By is added by the balancer,
 * not by Strapi, so content-API answers themselves never name a host.
 */
function haproxyConfig({ port, socketPath, servers }) {
  return [
    'global',
    '  maxconn 4096',
    `  stats socket ${socketPath} mode 600 level admin`,
    '',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  retries 3',
    '  option redispatch',
    '  retry-on conn-failure',
    '',
    'frontend model_manager',
    `  bind 127.0.0.1:${port}`,
    '  default_backend strapi',
    '',
    'backend strapi',
    '  balance roundrobin',
    '  option httpchk GET /_health',
    '  http-check expect status 204',
    '  http-response set-header X-Served-By %s',
    // A check may take up to 2 s before it counts as failed: on a starved machine /_health is slow, not dead
    // (a soak saw all three marked down at once, and 63 answers of HAProxy's 503); a dead instance refuses at once.
    '  timeout check 2s',
    '  default-server check inter 500 fall 2 rise 2 maxconn 256',
    ...servers.map(({ name, port: serverPort }) => `  server ${name} 127.0.0.1:${serverPort}`),
    '',
  ].join('\n');
}

module.exports = { haproxyConfig };
