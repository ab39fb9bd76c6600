namespace StreamLab.Web.Dashboard;

/// <summary>A view request that cannot be answered: 404 for an unknown campaign, 400 for a bad axis, value or version. The message says which.</summary>
public sealed class ViewProblem(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
}
