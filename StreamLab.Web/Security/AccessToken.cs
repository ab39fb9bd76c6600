using System.Buffers.Text;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace StreamLab.Web.Security;

/// <summary>
/// STREAMLAB_TOKEN, from configuration (the environment variable, or <c>--STREAMLAB_TOKEN=…</c>): when set, every change
/// needs it (required to listen beyond loopback); when unset, the app listens on loopback only and changes are open to the
/// pages of its own origin. Browsers prove they hold it with a sign-in cookie derived from it (never the token itself).
/// </summary>
public sealed class AccessToken(string? token)
{
    public const string Variable = "STREAMLAB_TOKEN";
    public const string CookieName = "streamlab_access";

    /// <summary>The claim a request or circuit carries once it proved it holds the token.</summary>
    public const string HolderClaim = "streamlab:token-holder";

    /// <summary>How long a sign-in lasts; changing STREAMLAB_TOKEN ends every sign-in at once.</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(14);

    public bool RequiresToken => !string.IsNullOrEmpty(token);

    /// <summary>Whether <paramref name="given"/> is the token, compared in constant time; anything goes when none is set.</summary>
    public bool Allows(string? given)
    {
        if (!RequiresToken)
        {
            return true;
        }
        // Hashes first, so the comparison takes the same time whatever the lengths.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token!)), SHA256.HashData(Encoding.UTF8.GetBytes(given ?? "")));
    }

    /// <summary>The one rule for API requests and UI circuits alike: no token set, or the user proved they hold it.</summary>
    public bool Permits(ClaimsPrincipal? user) => !RequiresToken || user?.HasClaim(HolderClaim, "true") == true;

    /// <summary>
    /// <c>EXPIRY.MAC</c>: the expiry in Unix seconds and an HMAC-SHA256 of it keyed by the token, so the cookie proves the
    /// token without containing it, expires, and stops working when the token changes.
    /// </summary>
    public string IssueCookie(DateTimeOffset now)
    {
        var expires = now.Add(CookieLifetime).ToUnixTimeSeconds();
        return $"{expires.ToString(CultureInfo.InvariantCulture)}.{Mac(expires)}";
    }

    public bool AcceptsCookie(string? value, DateTimeOffset now)
    {
        if (!RequiresToken || value?.Split('.') is not [var expiry, var mac]
            || !long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires <= now.ToUnixTimeSeconds())
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(expires)), Encoding.ASCII.GetBytes(mac));
    }

    private string Mac(long expires) => Base64Url.EncodeToString(
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(token!), Encoding.UTF8.GetBytes($"streamlab-access-cookie-v1|{expires.ToString(CultureInfo.InvariantCulture)}")));
}
