variable "audit_account_id" {
  description = "Account of the security audit team."
  type        = string
  default     = "444455556666"
}

variable "break_glass_external_id" {
  description = "External ID the audit tooling presents when it assumes the break-glass role; null drops that trust."
  type        = string
  default     = "audit-2024"
}

variable "idp_metadata" {
  description = "SAML metadata XML exported from the identity provider."
  type        = string
}

variable "permission_sets" {
  description = "Identity Center permission sets mapped to roles: AWS managed policy and whether the trust pins SAML:aud."
  type = map(object({
    managed_policy = string
    pin_audience   = bool
  }))
  default = {
    AdministratorAccess = { managed_policy = "AdministratorAccess", pin_audience = false }
    ReadOnlyAccess      = { managed_policy = "ReadOnlyAccess", pin_audience = true }
  }
}

variable "partner_account_id" {
  description = "Delivery partner's AWS account."
  type        = string
  default     = "222233334444"
}
