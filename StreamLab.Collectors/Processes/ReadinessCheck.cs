using System.Net.Sockets;
using System.Text.RegularExpressions;
using StreamLab.Core.Campaigns;
using StreamLab.Core.Running;

namespace StreamLab.Collectors.Processes;

/// <summary>
/// Polls one readiness condition until it holds: a TCP connect (<c>127.0.0.1:5000</c>, or a bare port),
/// an HTTP answer below 500 (<c>http://127.0.0.1:8080/health</c>), or a log line matching a regex.
/// <see cref="LastFailure"/> says why it is not ready yet, for the timeout message.
/// </summary>
internal sealed class ReadinessCheck
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan TryTimeout = TimeSpan.FromSeconds(1);
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.Zero, // each try is a fresh connection, as a new client would make
        AllowAutoRedirect = false,
        UseProxy = false,
    });

    private readonly ReadySpec _spec;
    private readonly RoleOutput _output;

    public ReadinessCheck(ReadySpec spec, RoleOutput output)
    {
        _spec = spec;
        _output = output;
        LastFailure = $"{Describe()} not tried yet";
    }

    public string LastFailure { get; private set; }

    /// <summary>Completes when ready; cancelled by <paramref name="ct"/> (the timeout or the caller).</summary>
    public Task RunAsync(string role, CancellationToken ct)
    {
        switch (_spec.Kind)
        {
            case ReadyKind.Tcp:
                var endpoint = ParseHostPort(_spec.Target)
                    ?? throw new RoleFailedException(role, $"tcp readiness target '{_spec.Target}' is not host:port");
                return PollAsync(attemptCt => TryTcpAsync(endpoint.Host, endpoint.Port, attemptCt), ct);
            case ReadyKind.Http:
                if (!Uri.TryCreate(_spec.Target, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                {
                    throw new RoleFailedException(role, $"http readiness target '{_spec.Target}' is not an http(s) URL");
                }
                return PollAsync(attemptCt => TryHttpAsync(url, attemptCt), ct);
            case ReadyKind.Log:
                return WaitForLogAsync(role, ct);
            default:
                throw new RoleFailedException(role, $"unknown readiness kind {_spec.Kind}");
        }
    }

    private async Task PollAsync(Func<CancellationToken, Task<string?>> attempt, CancellationToken ct)
    {
        while (true)
        {
            using var once = CancellationTokenSource.CreateLinkedTokenSource(ct);
            once.CancelAfter(TryTimeout);
            string? failure;
            try
            {
                failure = await attempt(once.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                failure = $"{Describe()} timed out";
            }
            if (failure is null)
            {
                return;
            }
            LastFailure = failure;
            await Task.Delay(Interval, ct);
        }
    }

    private async Task<string?> TryTcpAsync(string host, int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, ct);
            return null;
        }
        catch (SocketException e)
        {
            return $"{Describe()} {SocketReason(e)}";
        }
    }

    private async Task<string?> TryHttpAsync(Uri url, CancellationToken ct)
    {
        try
        {
            using var response = await Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
            return (int)response.StatusCode < 500 ? null : $"{Describe()} answered {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return $"{Describe()} {(e.InnerException is SocketException s ? SocketReason(s) : e.Message)}";
        }
    }

    private Task WaitForLogAsync(string role, CancellationToken ct)
    {
        Regex pattern;
        try
        {
            pattern = new Regex(_spec.Target, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new RoleFailedException(role, $"log readiness pattern /{_spec.Target}/ is not a valid regex: {e.Message}");
        }
        LastFailure = $"no stdout or stderr line matched /{_spec.Target}/";
        return _output.WaitForLineAsync(pattern, ct);
    }

    private string Describe() => _spec.Kind switch
    {
        ReadyKind.Tcp => $"tcp {_spec.Target}",
        ReadyKind.Http => $"http {_spec.Target}",
        _ => $"log /{_spec.Target}/",
    };

    private static string SocketReason(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "refused",
        SocketError.TimedOut => "timed out",
        SocketError.HostNotFound or SocketError.NoData => "host not found",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "unreachable",
        _ => e.SocketErrorCode.ToString(),
    };

    /// <summary>"host:port", "[::1]:port" or a bare port (meaning 127.0.0.1).</summary>
    internal static (string Host, int Port)? ParseHostPort(string target)
    {
        var colon = target.LastIndexOf(':');
        var host = colon < 0 ? "127.0.0.1" : target[..colon].Trim('[', ']');
        var portText = colon < 0 ? target : target[(colon + 1)..];
        if (!int.TryParse(portText, out var port) || port is < 1 or > 65535)
        {
            return null;
        }
        return (host.Length == 0 ? "127.0.0.1" : host, port);
    }
}
