using System.Security.Cryptography;
using System.Text;

namespace StreamLab.Web.Security;

/// <summary>
/// STREAMLAB_TOKEN, from configuration (the environment variable, or <c>--STREAMLAB_TOKEN=…</c>): when set, every change
/// needs it (required to listen beyond loopback); when unset, the app listens on loopback only and changes are open to the
/// pages of its own origin.
/// </summary>
public sealed class AccessToken(string? token)
{
    public const string Variable = "STREAMLAB_TOKEN";

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
}
