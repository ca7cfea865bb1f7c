variable "name" {
  description = "IAM role name."
  type        = string
}

variable "assume_role_policy" {
  description = "Trust policy (JSON)."
  type        = string
}

variable "max_session_duration" {
  description = "Maximum session duration in seconds; null keeps the AWS default (3600)."
  type        = number
  default     = null
}

variable "managed_policy_arns" {
  description = "Managed policies to attach."
  type        = list(string)
  default     = []
}

variable "inline_policies" {
  description = "Inline policies, name => policy JSON."
  type        = map(string)
  default     = {}
}
