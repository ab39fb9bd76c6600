using System.Security.Cryptography;
using System.Text;

namespace StreamLab.Web.Dashboard;

/// <summary>
/// Guards launching and cancelling: when <c>STREAMLAB_TOKEN</c> is set (required to listen beyond loopback),
/// those actions ask for it; on loopback without a token they are open.
/// </summary>
public sealed class LaunchAccess(string? token)
{
    public const string Variable = "STREAMLAB_TOKEN";

    public bool RequiresToken => !string.IsNullOrEmpty(token);

    public bool Allows(string? given)
    {
        if (!RequiresToken)
        {
            return true;
        }
        var expected = Encoding.UTF8.GetBytes(token!);
        var actual = Encoding.UTF8.GetBytes(given ?? "");
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
