// The API's schemas (API.md, "Schemas"), as the app reads them.

export interface UserPublic {
  id: string;
  email: string;
  full_name: string | null;
  is_active: boolean;
  is_superuser: boolean;
  email_verified: boolean;
  two_factor_enabled: boolean;
  created_at: string;
}

export interface Token {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  refresh_token: string;
}

export type ImageStatus = "pending" | "processing" | "ready" | "failed";

export interface ImageVariant {
  name: string;
  width: number;
  height: number;
  format: "webp" | "jpeg" | "png";
  size_bytes: number;
  url: string;
}

export interface ImagePublic {
  id: string;
  original_filename: string;
  content_type: string;
  size_bytes: number;
  width: number;
  height: number;
  status: ImageStatus;
  error: string | null;
  variants: ImageVariant[];
  task_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface TaskPublic {
  task_id: string;
  name: string;
  status: "PENDING" | "STARTED" | "RETRY" | "SUCCESS" | "FAILURE";
  result: unknown;
  error: string | null;
  retries: number;
  date_done: string | null;
}

export interface SessionPublic {
  id: string;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  user_agent: string | null;
  ip: string | null;
  current: boolean;
}

export interface Page<T> {
  data: T[];
  count: number;
}

export interface TwoFactorSetup {
  secret: string;
  otpauth_uri: string;
  qr_svg: string;
}

export interface Message {
  detail: string;
}

export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}
