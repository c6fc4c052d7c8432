namespace Strangler.Benchmarks.Hosts;

/// <summary>
/// nginx as a peer reverse proxy: one worker process, HTTP/1.1 keepalive to the upstream, and otherwise Debian's
/// defaults, access log included (written to a temp file). <c>apt-get install -y nginx-light</c>.
/// </summary>
internal static class NginxHost
{
    public static async Task<ServerProcess> StartAsync(string executable, string upstream)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"strangler-bench-nginx-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var port = ServerProcess.FreePort();
        var upstreamAddress = new Uri(upstream).Authority;
        var config = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            worker_processes 1;
            daemon off;
            user root;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log {{directory}}/access.log;
                upstream benchmark_upstream {
                    server {{upstreamAddress}};
                    keepalive 64;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://benchmark_upstream;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                    }
                }
            }
            """);
        return await ServerProcess.StartAsync("nginx", executable, ["-p", directory, "-c", config], directory,
            $"http://127.0.0.1:{port}", "/", ownsWorkingDirectory: true);
    }
}
