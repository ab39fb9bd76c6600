using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;

namespace StreamLab.Tests.TestSupport;

/// <summary>A web-host environment rooted at a test folder, for services that look for files beside the app.</summary>
public sealed class TestWebHostEnvironment(string root) : IWebHostEnvironment
{
    public string WebRootPath { get; set; } = root;
    public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();
    public string ApplicationName { get; set; } = "streamlab";
    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    public string ContentRootPath { get; set; } = root;
    public string EnvironmentName { get; set; } = "Test";
}
