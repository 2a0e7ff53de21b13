package okta

// IdentityTarget lets the external tests compute identity events' targets.
var IdentityTarget = identityTarget
