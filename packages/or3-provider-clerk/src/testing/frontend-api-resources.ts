import type { DoubleUser } from './backend-api-double'

/**
 * TEST DOUBLE resources: the JSON Clerk's Frontend API answers clerk-js with, for an instance that
 * signs in by email and password. Only what clerk-js and Clerk's UI read to render sign-in and a
 * signed-in session; never a Clerk service's real data.
 */
const DAY_MS = 24 * 60 * 60 * 1000

function attribute(enabled: boolean, firstFactors: string[] = [], verifications: string[] = []) {
  return {
    enabled,
    required: enabled,
    verifications,
    used_for_first_factor: firstFactors.length > 0,
    first_factors: firstFactors,
    used_for_second_factor: false,
    second_factors: [],
    verify_at_sign_up: verifications.length > 0,
  }
}

export function environmentJson(appOrigin: string) {
  const off = attribute(false)
  return {
    object: 'environment',
    id: 'env_double',
    auth_config: { object: 'auth_config', id: 'aac_double', single_session_mode: true, claimed_at: null, reverification: false },
    display_config: {
      object: 'display_config',
      id: 'display_config_double',
      after_sign_in_url: appOrigin,
      after_sign_out_all_url: appOrigin,
      after_sign_out_one_url: appOrigin,
      after_sign_up_url: appOrigin,
      after_switch_session_url: appOrigin,
      application_name: 'OR3 (test double)',
      branded: false,
      captcha_public_key: null,
      captcha_widget_type: 'smart',
      captcha_public_key_invisible: null,
      captcha_provider: 'turnstile',
      captcha_oauth_bypass: null,
      home_url: appOrigin,
      instance_environment_type: 'production',
      logo_image_url: '',
      favicon_image_url: '',
      preferred_sign_in_strategy: 'password',
      sign_in_url: appOrigin,
      sign_up_url: appOrigin,
      support_email: '',
      theme: {
        buttons: { font_color: '#ffffff', font_family: 'inherit', font_weight: '600' },
        general: {
          color: '#6c47ff',
          padding: '1em',
          box_shadow: 'none',
          font_color: '#151515',
          font_family: 'inherit',
          border_radius: '0.5em',
          background_color: '#ffffff',
          label_font_weight: '600',
        },
        accounts: { background_color: '#ffffff' },
      },
      user_profile_url: appOrigin,
      organization_profile_url: appOrigin,
      create_organization_url: appOrigin,
      after_leave_organization_url: appOrigin,
      after_create_organization_url: appOrigin,
      show_devmode_warning: false,
      terms_url: '',
      privacy_policy_url: '',
      waitlist_url: '',
      after_join_waitlist_url: '',
    },
    user_settings: {
      attributes: {
        email_address: attribute(true, ['email_code'], ['email_code']),
        password: attribute(true),
        phone_number: off,
        username: off,
        web3_wallet: off,
        first_name: off,
        last_name: off,
        authenticator_app: off,
        ticket: off,
        backup_code: off,
        passkey: off,
      },
      actions: { delete_self: false, create_organization: false },
      social: {},
      enterprise_sso: { enabled: false, self_serve_sso: false, self_serve_directory_sync: false },
      sign_in: { second_factor: { required: false, enabled: false } },
      sign_up: { allowlist_only: false, progressive: true, captcha_enabled: false, mode: 'public', legal_consent_enabled: false },
      password_settings: {
        allowed_special_characters: '',
        disable_hibp: true,
        min_length: 8,
        max_length: 72,
        require_special_char: false,
        require_numbers: false,
        require_uppercase: false,
        require_lowercase: false,
        show_zxcvbn: false,
        min_zxcvbn_strength: 0,
      },
      passkey_settings: { allow_autofill: false, show_sign_in_button: false },
      username_settings: { min_length: 4, max_length: 64 },
    },
    organization_settings: {
      enabled: false,
      max_allowed_memberships: 0,
      force_organization_selection: false,
      actions: { admin_delete: false },
      domains: { enabled: false, enrollment_modes: [], default_role: null },
      slug: { disabled: true },
      organization_creation_defaults: { enabled: false },
    },
    commerce_settings: {
      billing: {
        stripe_publishable_key: null,
        organization: { enabled: false, has_paid_plans: false },
        user: { enabled: false, has_paid_plans: false },
      },
    },
    api_keys_settings: { user_api_keys_enabled: false, orgs_api_keys_enabled: false },
    protect_config: { object: 'protect_config', id: 'protect_config_double' },
    maintenance_mode: false,
  }
}

export function userJson(user: DoubleUser) {
  const emailId = `idn_${user.id}`
  return {
    object: 'user',
    id: user.id,
    external_id: null,
    primary_email_address_id: emailId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    image_url: '',
    has_image: false,
    username: user.username ?? null,
    email_addresses: [
      {
        object: 'email_address',
        id: emailId,
        email_address: user.email,
        verification: { status: user.emailVerified === false ? 'unverified' : 'verified', strategy: 'email_code', attempts: 1, expire_at: null },
        linked_to: [],
        matches_sso_connection: false,
      },
    ],
    phone_numbers: [],
    web3_wallets: [],
    external_accounts: [],
    enterprise_accounts: [],
    passkeys: [],
    organization_memberships: [],
    password_enabled: true,
    profile_image_id: '',
    first_name: user.firstName ?? null,
    last_name: user.lastName ?? null,
    totp_enabled: false,
    backup_code_enabled: false,
    two_factor_enabled: false,
    public_metadata: {},
    unsafe_metadata: {},
    last_sign_in_at: null,
    create_organization_enabled: false,
    create_organizations_limit: null,
    delete_self_enabled: false,
    legal_accepted_at: null,
    timezone: null,
    created_at: 0,
    updated_at: 0,
  }
}

export function sessionJson(sessionId: string, user: DoubleUser, jwt: string) {
  const now = Date.now()
  return {
    object: 'session',
    id: sessionId,
    status: 'active',
    factor_verification_age: [0, -1],
    expire_at: now + DAY_MS,
    abandon_at: now + 7 * DAY_MS,
    last_active_at: now,
    last_active_token: { object: 'token', jwt },
    last_active_organization_id: null,
    actor: null,
    tasks: null,
    user: userJson(user),
    public_user_data: {
      first_name: user.firstName ?? null,
      last_name: user.lastName ?? null,
      image_url: '',
      has_image: false,
      identifier: user.email,
      user_id: user.id,
    },
    created_at: now,
    updated_at: now,
  }
}

/** `updatedAt`: when the client last changed (sign-in); clerk-js stamps it into `__client_uat`. */
export function clientJson(session: ReturnType<typeof sessionJson> | null, updatedAt: number) {
  return {
    object: 'client',
    id: 'client_double',
    sessions: session ? [session] : [],
    sign_up: null,
    sign_in: null,
    last_active_session_id: session?.id ?? null,
    last_authentication_strategy: null,
    cookie_expires_at: null,
    created_at: updatedAt,
    updated_at: updatedAt,
  }
}
