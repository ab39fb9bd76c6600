using System.Net;
using System.Net.NetworkInformation;

namespace StreamLab.Web.Security;

/// <summary>
/// The addresses Kestrel actually bound (read after start, whatever configured them: <c>--urls</c>, <c>Kestrel:Endpoints</c>,
/// <c>ASPNETCORE_URLS</c>, appsettings), which of them reach beyond this machine, and which <c>Host</c> headers name this
/// app. A Host that names none of them is a DNS-rebinding page or a misdirected request.
/// </summary>
public sealed class ListenAddresses
{
    private readonly HashSet<(string Host, int Port)> _hosts = [];
    private readonly HashSet<string> _anyPortHosts = new(StringComparer.OrdinalIgnoreCase);

    private ListenAddresses(IReadOnlyList<string> exposed) => Exposed = exposed;

    /// <summary>Bound addresses that are not loopback (an any-address binding, a LAN address, a host name).</summary>
    public IReadOnlyList<string> Exposed { get; }

    /// <param name="addresses">What <c>IServerAddressesFeature</c> lists after start, e.g. <c>http://127.0.0.1:5080</c>.</param>
    /// <param name="extraHosts">Names the operator vouches for (<c>StreamLab:AllowedHosts</c>): a DNS name, a proxy's name.</param>
    public static ListenAddresses From(IEnumerable<string> addresses, IEnumerable<string> extraHosts)
    {
        var exposed = new List<string>();
        var bindings = new List<(string Host, int Port)>();
        foreach (var address in addresses)
        {
            var binding = BindingAddress.Parse(address);
            var host = binding.Host.Trim('[', ']').ToLowerInvariant();
            if (binding.IsUnixPipe || !(host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip))))
            {
                exposed.Add(address);
            }
            bindings.Add((host, binding.Port));
        }
        var listening = new ListenAddresses(exposed);
        foreach (var (host, port) in bindings)
        {
            foreach (var name in NamesFor(host))
            {
                listening._hosts.Add((name, port));
            }
        }
        foreach (var extra in extraHosts)
        {
            listening._anyPortHosts.Add(extra.Trim().Trim('[', ']'));
        }
        return listening;
    }

    /// <summary>Whether a request's <c>Host</c> header names this app (name and port; no port means the scheme's default).</summary>
    public bool Allows(HostString host, bool https)
    {
        if (!host.HasValue)
        {
            return false;
        }
        var name = host.Host.Trim('[', ']').ToLowerInvariant();
        var port = host.Port ?? (https ? 443 : 80);
        return _hosts.Contains((name, port)) || _anyPortHosts.Contains(name);
    }

    /// <summary>The names a client may use for one bound host: loopback answers to localhost and both loopback addresses.</summary>
    private static IEnumerable<string> NamesFor(string host)
    {
        if (host is "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip)))
        {
            return ["localhost", "127.0.0.1", "::1", host];
        }
        if (host is "0.0.0.0" or "::" or "*" or "+")
        {
            // Every interface: any of this machine's own names and addresses, never someone else's name.
            return LocalAddresses().Append(Dns.GetHostName().ToLowerInvariant()).Concat(["localhost", "127.0.0.1", "::1"]);
        }
        return [host];
    }

    private static IEnumerable<string> LocalAddresses()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => (a.Address.IsIPv6LinkLocal ? new IPAddress(a.Address.GetAddressBytes()) : a.Address).ToString().ToLowerInvariant())
                .ToList();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}
