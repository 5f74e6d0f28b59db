"""HTTP routers: one module per resource, each route short."""
