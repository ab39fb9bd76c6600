namespace StreamLab.Web.Cli.Gate;

/// <summary>
/// One check of a CI gate: a JUnit test case. <see cref="Suite"/> groups cases (one suite per gate),
/// <see cref="ClassName"/> is the campaign and point, <see cref="Name"/> the target or metric;
/// <see cref="Failure"/> is null when the check passed, else the one line CI shows.
/// </summary>
public sealed record GateCase(string Suite, string ClassName, string Name, string? Failure, string Detail)
{
    public bool Failed => Failure is not null;
}
