using StreamLab.Web.Cli;

return await StreamLabCli.InvokeAsync(args);
