using Samples.CustomersService;

await CustomersServiceApp.Build(args).RunAsync();
