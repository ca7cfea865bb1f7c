# Workforce SSO: an IAM Identity Center-style SAML provider and the roles its permission sets map to.

resource "aws_iam_saml_provider" "identity_center" {
  name                   = "AWSSSO_workforce"
  saml_metadata_document = var.idp_metadata
}

data "aws_iam_policy_document" "sso_administrator_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithSAML", "sts:TagSession"]

    principals {
      type        = "Federated"
      identifiers = [aws_iam_saml_provider.identity_center.arn]
    }

    dynamic "condition" {
      for_each = var.permission_sets["AdministratorAccess"].pin_audience ? ["https://signin.aws.amazon.com/saml"] : []
      content {
        test     = "StringEquals"
        variable = "SAML:aud"
        values   = [condition.value]
      }
    }
  }
}

data "aws_iam_policy_document" "sso_read_only_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithSAML", "sts:TagSession"]

    principals {
      type        = "Federated"
      identifiers = [aws_iam_saml_provider.identity_center.arn]
    }

    dynamic "condition" {
      for_each = var.permission_sets["ReadOnlyAccess"].pin_audience ? ["https://signin.aws.amazon.com/saml"] : []
      content {
        test     = "StringEquals"
        variable = "SAML:aud"
        values   = [condition.value]
      }
    }
  }
}

module "sso_administrator_access" {
  source               = "./modules/role"
  name                 = "sso-AdministratorAccess"
  assume_role_policy   = data.aws_iam_policy_document.sso_administrator_trust.json
  max_session_duration = 3600
  managed_policy_arns  = ["arn:aws:iam::aws:policy/${var.permission_sets["AdministratorAccess"].managed_policy}"]
}

module "sso_read_only_access" {
  source               = "./modules/role"
  name                 = "sso-ReadOnlyAccess"
  assume_role_policy   = data.aws_iam_policy_document.sso_read_only_trust.json
  max_session_duration = 3600
  managed_policy_arns  = ["arn:aws:iam::aws:policy/${var.permission_sets["ReadOnlyAccess"].managed_policy}"]
}
