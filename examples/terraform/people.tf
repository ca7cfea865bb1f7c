# People and operations roles. Developers switch into the account's roles; platform-admin asks them for MFA but also
# trusts ops-deployer, which asks nobody, and ops-deployer may launch stacks as the admin ops-cfn-exec role.

resource "aws_iam_group" "developers" {
  name = "developers"
}

resource "aws_iam_policy" "switch_roles" {
  name = "developers-switch-roles"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sts:AssumeRole"
      Resource = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/*"
    }]
  })
}

resource "aws_iam_group_policy_attachment" "developers_switch_roles" {
  group      = aws_iam_group.developers.name
  policy_arn = aws_iam_policy.switch_roles.arn
}

resource "aws_iam_user" "dana" {
  name = "dana"
}

resource "aws_iam_user_group_membership" "dana" {
  user   = aws_iam_user.dana.name
  groups = [aws_iam_group.developers.name]
}

data "aws_iam_policy_document" "platform_admin_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }

    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }

  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = [module.ops_deployer.arn]
    }
  }
}

module "platform_admin" {
  source              = "./modules/role"
  name                = "platform-admin"
  assume_role_policy  = data.aws_iam_policy_document.platform_admin_trust.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

data "aws_iam_policy_document" "ops_deployer_stacks" {
  statement {
    effect    = "Allow"
    actions   = ["cloudformation:CreateStack", "cloudformation:DescribeStacks"]
    resources = ["*"]
  }

  statement {
    effect    = "Allow"
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/ops-*"]
  }
}

module "ops_deployer" {
  source = "./modules/role"
  name   = "ops-deployer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "sts:AssumeRole"
    }]
  })
  inline_policies = {
    "deploy-stacks" = data.aws_iam_policy_document.ops_deployer_stacks.json
  }
}

module "ops_cfn_exec" {
  source = "./modules/role"
  name   = "ops-cfn-exec"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudformation.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
