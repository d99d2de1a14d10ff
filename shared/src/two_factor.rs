//! Two-factor sign-in (an authenticator app's 6-digit codes): the setup
//! exchange between the profile page and the server.

use serde::{Deserialize, Serialize};

/// `POST /api/auth/two-factor/setup`: the password again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TwoFactorSetupInput {
    pub password: String,
}

/// The secret to put into the app: scanned as a QR code or typed in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwoFactorSetup {
    /// Base32, for typing into the app.
    pub secret: String,
    pub otpauth_url: String,
    /// The QR code of `otpauth_url`, as SVG drawn by the server.
    pub qr_svg: String,
}

/// `POST /api/auth/two-factor/enable`: the first code the app shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TwoFactorEnableInput {
    pub code: String,
}

/// Two-factor sign-in is on: one-time recovery codes, shown this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwoFactorEnabled {
    pub recovery_codes: Vec<String>,
}

/// `POST /api/auth/two-factor/disable`: the password and a current (or
/// recovery) code.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TwoFactorDisableInput {
    pub password: String,
    pub code: String,
}
