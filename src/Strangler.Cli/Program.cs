using Strangler.Cli;

return await StranglerCommand.Create().Parse(args).InvokeAsync();
